import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { solarStep, type SolarMemory } from './solar.js';

const settings = { startDelayS: 60, stopDelayS: 300, stopImportW: 300 };
const idle: SolarMemory = { solarActive: false, solarSinceMs: null };

describe('pv start/stop clock', () => {
  it('starts once the surplus has covered the minimum for startDelayS', () => {
    let m: SolarMemory = idle;
    const phases: string[] = [];
    for (const t of [0, 30, 59, 60]) {
      const s = solarStep(m, true, -3000, settings, t * 1000);
      phases.push(s.phase);
      m = s;
    }
    assert.deepEqual(phases, ['starting', 'starting', 'starting', 'started']);
    assert.equal(m.solarActive, true);
  });

  it('a cloud during the start delay restarts it', () => {
    let m = solarStep(idle, true, -3000, settings, 0);
    m = solarStep(m, false, 500, settings, 30_000);
    const s = solarStep(m, true, -3000, settings, 40_000);
    assert.deepEqual([s.phase, s.leftS], ['starting', 60]);
  });

  it('stops after importing more than stopImportW for stopDelayS', () => {
    let m: SolarMemory = { solarActive: true, solarSinceMs: null };
    m = solarStep(m, false, 301, settings, 0);
    assert.equal(solarStep(m, false, 1000, settings, 299_000).phase, 'stopping');
    assert.equal(solarStep(m, false, 1000, settings, 300_000).phase, 'stopped');
    // Back under the threshold: the stop clock resets.
    assert.equal(solarStep(m, false, 300, settings, 200_000).solarSinceMs, null);
  });
});
