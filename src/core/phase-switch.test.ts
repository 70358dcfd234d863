import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { switchPauseLeftS, switchStep, wantedPhases, type SwitchMemory } from './phase-switch.js';

const settings = { maxSwitchesPerSession: 2, delayS: 60, pauseS: 30 };
const three: SwitchMemory = { phaseCount: 3, switches: 0, switchPauseUntilMs: null, switchSinceMs: null };

describe('1p/3p switching', () => {
  it('wants one phase when only the 1-phase minimum fits, three when the 3-phase minimum fits', () => {
    assert.equal(wantedPhases(3, { fits3: false, fits1: true }), 1);
    assert.equal(wantedPhases(3, { fits3: false, fits1: false }), null);
    assert.equal(wantedPhases(3, { fits3: true, fits1: true }), null);
    assert.equal(wantedPhases(1, { fits3: true, fits1: true }), 3);
    assert.equal(wantedPhases(1, { fits3: false, fits1: true }), null);
  });

  it('switches after delayS, pauses pauseS, counts the switch', () => {
    const fit = { fits3: false, fits1: true };
    const pending = switchStep(three, fit, settings, 0);
    assert.deepEqual([pending.phase, pending.leftS], ['pending', 60]);
    const done = switchStep(pending, fit, settings, 60_000);
    assert.deepEqual([done.phase, done.phaseCount, done.switches], ['switched', 1, 1]);
    assert.equal(switchPauseLeftS(done, 70_000), 20);
  });

  it('stops switching at maxSwitchesPerSession', () => {
    const used: SwitchMemory = { ...three, switches: 2 };
    assert.equal(switchStep(used, { fits3: false, fits1: true }, settings, 0).phase, 'capped');
  });
});
