// The water-fill's head start (water-fill-start.ts): steps no line can refuse are taken before the
// events, and the answer stays the one the events alone give (solver.differential.test.ts compares
// it with the reference on random sites; these tests show that the head start does take steps, and
// which ones it must leave to the events).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hardProblem, hardSite } from '../../bench/allocate-sites.js';
import { solveWork } from './solver.js';
import { createWork } from './solver-create.js';
import type { SolverDevice, SolverProblem } from './solver-types.js';
import { aSolverDevice } from './test-support/builders.js';
import { solve as reference } from './test-support/reference/solver.js';
import { buildTopology } from './topology.js';
import { WaterFill } from './water-fill.js';

/** A charger of 6–16 A in 1 A steps on line 0 (builders.ts aSolverDevice). */
function car(id: string, extra: Partial<SolverDevice> = {}): SolverDevice {
  return aSolverDevice({ id, ...extra });
}

/** Solves through a WaterFill and returns its currents (input order) and its head-start steps. */
function solveCounting(problem: SolverProblem): { currentA: number[]; headStartSteps: number } {
  const w = createWork(problem);
  const filler = new WaterFill(w);
  solveWork(w, filler);
  const currentA = new Array<number>(w.n);
  for (let d = 0; d < w.n; d++) currentA[w.input[d]!] = w.x[d]!;
  return { currentA, headStartSteps: filler.headStartSteps };
}

describe('water-fill head start', () => {
  it('takes the steps no line can refuse, and leaves the last ones to the events', () => {
    // Two cars on 31 A from 6 A: the line holds both up to λ = 6 + (31 − 12) / 2 = 15.5, so each
    // takes 7 … 15 at once (9 steps each); 16 + 15 = 31 then goes to the first by id.
    const problem: SolverProblem = {
      lines: [{ label: 'main L1', capacityA: 31 }],
      devices: [car('a'), car('b')],
    };
    const { currentA, headStartSteps } = solveCounting(problem);
    assert.deepEqual(currentA, [16, 15]);
    assert.equal(headStartSteps, 18);
    assert.deepEqual(currentA, reference(problem).currentA);
  });

  it('takes 0.1 A steps to the same values the events give', () => {
    const problem: SolverProblem = {
      lines: [{ label: 'main L1', capacityA: 20.05 }],
      devices: [car('a', { stepA: 0.1 }), car('b', { stepA: 0.1 })],
    };
    const { currentA, headStartSteps } = solveCounting(problem);
    assert.deepEqual(currentA, reference(problem).currentA);
    assert.deepEqual(currentA, [10, 10]);
    assert.ok(headStartSteps > 60, `${headStartSteps} head-start steps`);
  });

  it('gives no head start on a line a continuous device rises on beyond its room', () => {
    // The battery rises with the level: the line holds every member only up to 6 + (13 − 6) / 2.
    const problem: SolverProblem = {
      lines: [{ label: 'main L1', capacityA: 13 }],
      devices: [car('car'), car('battery', { minA: 0, maxA: 10, stepA: 0 })],
    };
    const { currentA, headStartSteps } = solveCounting(problem);
    assert.deepEqual(currentA, reference(problem).currentA);
    assert.ok(headStartSteps <= 3, `${headStartSteps} head-start steps`);
  });

  it('bounds the neutral by the triangle inequality, whatever the order of the steps', () => {
    // Two cars on L1 under a 20 A neutral: |z| = 12 A at their minimums, room 8 A for two, so each
    // takes 7 … 9 at once (Λ just under 10); the events give the 10th amp to both.
    const neutralSite = (phases: [number, number, number][]): SolverProblem => ({
      lines: [
        { label: 'main L1', capacityA: 40 },
        { label: 'main L2', capacityA: 40 },
        { label: 'neutral', capacityA: 20 },
      ],
      devices: phases.map((phaseA, i) =>
        car(`c${i}`, { phaseA, loads: [{ line: phaseA[0] === 1 ? 0 : 1, coefficient: 1 }] }),
      ),
      neutral: { line: 2, baseA: [0, 0, 0] },
    });
    const same = neutralSite([
      [1, 0, 0],
      [1, 0, 0],
    ]);
    const { currentA, headStartSteps } = solveCounting(same);
    assert.deepEqual(currentA, [10, 10]);
    assert.equal(headStartSteps, 6);
    assert.deepEqual(currentA, reference(same).currentA);
    // On L1 and L2 they partly cancel: the bound is conservative, the events take them further.
    const apart = neutralSite([
      [1, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
    ]);
    const result = solveCounting(apart);
    assert.ok(result.headStartSteps > 0);
    assert.deepEqual(result.currentA, reference(apart).currentA);
  });

  it("takes thousands of steps on the benchmark's hard site, answers unchanged", () => {
    // Without its budget line, which binds every device from its minimum on (no room to start from).
    const topology = buildTopology(hardSite(1000));
    for (const cycle of [0, 7]) {
      const full = hardProblem(topology, cycle);
      const budget = full.lines.findIndex((l) => l.label === 'quarter-hour budget');
      assert.ok(budget >= 0);
      const problem: SolverProblem = {
        ...full,
        devices: full.devices.map((d) => ({ ...d, loads: d.loads.filter((l) => l.line !== budget) })),
      };
      const { currentA, headStartSteps } = solveCounting(problem);
      assert.ok(headStartSteps > 500, `${headStartSteps} head-start steps`);
      const expected = reference(problem).currentA;
      currentA.forEach((a, i) =>
        assert.ok(Math.abs(a - expected[i]!) <= 1e-9, `device ${i}: ${a} vs ${expected[i]}`),
      );
    }
  });
});
