import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { offTimeLeftS, shedRank, turnLeftS } from './hysteresis.js';

describe('pause and turn clocks', () => {
  it('minimum off time counts from the pause', () => {
    assert.equal(offTimeLeftS(null, 10_000, 60), 0);
    assert.equal(offTimeLeftS(0, 10_000, 60), 50);
    assert.equal(offTimeLeftS(0, 70_000, 60), 0);
  });

  it('a started device keeps its turn for max(minOnS, rotateAfterS)', () => {
    assert.equal(turnLeftS(0, 100_000, { minOnS: 60, minOffS: 60, rotateAfterS: 900 }), 800);
    assert.equal(turnLeftS(0, 100_000, { minOnS: 300, minOffS: 60, rotateAfterS: 0 }), 200);
    assert.equal(turnLeftS(null, 100_000, { minOnS: 300, minOffS: 60, rotateAfterS: 0 }), 0);
  });

  it('most session energy is shed first, but never a device within its turn before the others', () => {
    assert.ok(shedRank(12, false) > shedRank(3, false));
    assert.ok(shedRank(50, true) < shedRank(0, false));
  });
});
