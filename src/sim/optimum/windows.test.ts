// Windows and the time grid: what makes a year of sessions many small programs, and that splitting
// changes nothing (a property against one program over the whole horizon).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { exogenousFlows, outcome } from './flows.js';
import { solveStaged } from './highs.js';
import { siteLines } from './lines.js';
import { buildProgram, type ProgramContext } from './program.js';
import { aCharger, aSession, aSite, anInput } from './test-builders.js';
import { timeGrid } from './time-grid.js';
import type { OptimumInput } from './types.js';
import { groupWindows } from './windows.js';
import { solveOptimum } from './index.js';

const site = aSite({
  site: { phases: 3, fuseA: 25 },
  devices: [aCharger('a'), aCharger('b', { phases: ['L2', 'L3', 'L1'], maxA: 16 })],
});

function windowsOf(input: OptimumInput) {
  const grid = timeGrid(input);
  return groupWindows(grid, siteLines(input, grid).sessions);
}

describe('groupWindows', () => {
  it('joins sessions that share a quarter hour and splits the rest on quarter boundaries', () => {
    // 5-minute steps. A ends 10:05, B starts 10:10 (same quarter) → one window 10:00..10:30;
    // C starts 10:35 → its own window from 10:30.
    const h10 = 10 * 3600;
    const input = anInput(site, {
      stepS: 300,
      steps: 24 * 12,
      sessions: [
        aSession({ deviceId: 'a', arrivalS: h10 - 600, departureS: h10 + 300 }),
        aSession({ deviceId: 'b', arrivalS: h10 + 600, departureS: h10 + 1200, sitePhases: [1, 2, 0] }),
        aSession({ deviceId: 'a', arrivalS: h10 + 2100, departureS: h10 + 2400 }),
      ],
    });
    assert.deepEqual(windowsOf(input), [
      { fromStep: 117, toStep: 126, sessions: [0, 1] },
      { fromStep: 126, toStep: 129, sessions: [2] },
    ]);
  });

  it('leaves out sessions that cannot charge and clips to the horizon', () => {
    const input = anInput(site, {
      steps: 8,
      sessions: [
        aSession({ deviceId: 'a', energyKWh: 0 }),
        aSession({ deviceId: 'a', arrivalS: -1800, departureS: 900 }),
        aSession({ deviceId: 'a', arrivalS: 9000, departureS: 9900 }),
      ],
    });
    assert.deepEqual(windowsOf(input), [{ fromStep: 0, toStep: 1, sessions: [1] }]);
  });
});

describe('timeGrid', () => {
  it('aligns quarters to the clock and bills each local month', () => {
    // 23:50 local on 31 January, 5-minute steps for 30 minutes: quarters 23:45 (2 steps), 00:00 (3),
    // 00:15 (1); January and February each bill their seconds as a share of 365 days.
    const startMs = Date.UTC(2026, 0, 31, 22, 50);
    const grid = timeGrid(anInput(site, { stepS: 300, steps: 6, sessions: [], startMs }));
    assert.deepEqual([...grid.quarterOf], [0, 0, 1, 1, 1, 2]);
    assert.deepEqual([...grid.quarterSteps], [2, 3, 1]);
    assert.deepEqual([...grid.periodOfQuarter], [0, 1, 1]);
    assert.deepEqual(
      grid.periodYearShare.map((s) => Math.round(s * 365 * 86400)),
      [600, 1200],
    );
  });

  it('refuses a start that is not on a step', () => {
    const startMs = Date.UTC(2026, 0, 1, 0, 1);
    assert.throws(() => timeGrid(anInput(site, { stepS: 300, steps: 4, sessions: [], startMs })), /startMs/);
  });
});

describe('windows change nothing', () => {
  it('gives the same EV energy and peak as one program over the whole horizon', async () => {
    const sessionArb = fc.record({
      car: fc.constantFrom('a', 'b'),
      arrivalQ: fc.integer({ min: 0, max: 40 }),
      lengthQ: fc.integer({ min: 1, max: 16 }),
      energyKWh: fc.integer({ min: 1, max: 40 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(sessionArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 6000 }), { minLength: 48, maxLength: 48 }),
        async (sessions, baseL1) => {
          const input = anInput(site, {
            steps: 48,
            baseW: [baseL1, 1000, 500],
            pvW: baseL1.map((_, t) => (t > 16 && t < 32 ? 3000 : 0)),
            sessions: sessions.map((s) =>
              aSession({
                deviceId: s.car,
                arrivalS: s.arrivalQ * 900,
                departureS: (s.arrivalQ + s.lengthQ) * 900,
                energyKWh: s.energyKWh,
                sitePhases: s.car === 'a' ? [0] : [1, 2, 0],
              }),
            ),
          });
          const split = await solveOptimum(input);
          const whole = await wholeHorizon(input);
          assert.ok(
            Math.abs(split.evDeliveredKWh - whole.evKWh) < 1e-4,
            `${split.evDeliveredKWh} vs ${whole.evKWh}`,
          );
          assert.ok(Math.abs(split.peak15mW - whole.peakW) < 0.1, `${split.peak15mW} vs ${whole.peakW}`);
        },
      ),
      { numRuns: 25 },
    );
  });
});

/** One program for every session over the whole horizon. */
async function wholeHorizon(input: OptimumInput): Promise<{ evKWh: number; peakW: number }> {
  const grid = timeGrid(input);
  const lines = siteLines(input, grid);
  const flows = exogenousFlows(input);
  const ctx: ProgramContext = {
    grid,
    lines: lines.lines,
    wiring: lines.sessions,
    ...flows,
    importPriceEURPerKWh: input.importPriceEURPerKWh,
    exportPriceEURPerKWh: input.exportPriceEURPerKWh,
  };
  const lp = buildProgram(ctx, {
    fromStep: 0,
    toStep: grid.steps,
    sessions: input.sessions.map((_, i) => i),
  });
  const evW = new Float64Array(grid.steps);
  let evKWh = 0;
  if (lp) {
    const solution = await solveStaged(lp);
    assert.equal(solution.status, 'optimal');
    if (solution.status !== 'optimal') return { evKWh: 0, peakW: 0 };
    for (const c of lp.charges) {
      const kW = solution.colValue[c.col] ?? 0;
      evKWh += kW * grid.stepH;
      evW[c.step] = (evW[c.step] ?? 0) + kW * 1000;
    }
  }
  return { evKWh, peakW: outcome(input, grid, flows, evW).peak15mW };
}
