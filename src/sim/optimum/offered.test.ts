// What a controller may offer, not only what a car draws: the car's draw share and the base load's
// reactive current (lines.ts). Each expectation is worked out in the comment beside it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OptimumInputError, solveOptimum } from './index.js';
import { aCharger, aSession, aSite, anInput, series } from './test-builders.js';

const close = (actual: number, expected: number, what: string, tolerance = 1e-4) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);

/** 1 × 230 V, 17 A fuse, 1 A margin, one charger "car" (32 A) on L1. */
const home = aSite({ site: { phases: 1, fuseA: 17, marginA: 1 }, devices: [aCharger('car')] });

describe('solveOptimum: what may be offered', () => {
  it('counts the offered current against the fuse: a car drawing 95 % gets 95 % of it', async () => {
    // 16 A offered (contract 2, rule 1), 15.2 A drawn × 230 V × 2 h = 6.992 kWh.
    const r = await solveOptimum(
      anInput(home, {
        steps: 8,
        sessions: [aSession({ departureS: 7200, energyKWh: 20, maxA: 30.4, drawShare: 0.95 })],
      }),
    );
    close(r.evDeliveredKWh, 6.992, 'delivered');
  });

  it('leaves room for the base load’s reactive current: the fuse carries the magnitude', async () => {
    // 2 A active (460 W) and 8 A reactive: √(16² − 8²) − 2 = 11.856 A in phase, × 230 V × 2 h.
    const r = await solveOptimum(
      anInput(home, {
        steps: 8,
        baseW: [460],
        sessions: [aSession({ departureS: 7200, energyKWh: 20 })],
      }),
    );
    close(r.evDeliveredKWh, 6.44, 'power factor 1');
    const reactive = await solveOptimum({
      ...anInput(home, { steps: 8, baseW: [460], sessions: [aSession({ departureS: 7200, energyKWh: 20 })] }),
      reactiveA: { main: [series(8, 8)] },
    });
    close(reactive.evDeliveredKWh, ((Math.sqrt(16 * 16 - 8 * 8) - 2) * 230 * 2) / 1000, 'with 8 A reactive');
  });

  it('refuses a draw share outside (0, 1]', async () => {
    await assert.rejects(
      solveOptimum(anInput(home, { steps: 8, sessions: [aSession({ drawShare: 1.2 })] })),
      (e: unknown) => e instanceof OptimumInputError && /drawShare 1.2/.test(e.message),
    );
  });
});
