// Property tests of the solver's guarantees (docs/algorithm-solver.md) over thousands of random
// sites; the guarantees are checked by an independent oracle (test-support/solver-oracle.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { solve } from './solver.js';
import { situationArb } from './test-support/arbitraries.js';

// Counterexamples print the solver problem only (the site behind it is in the problem's labels).
const problemArb = situationArb.map((s) => s.problem);
import { checkAllocation } from './test-support/solver-oracle.js';

describe('solver properties (random sites)', () => {
  it('limits, minimums and steps, shedding, priority, fairness, binding lines', () => {
    fc.assert(
      fc.property(problemArb, (problem) => {
        const problems = checkAllocation(problem, solve(problem));
        assert.deepEqual(problems, []);
      }),
      { numRuns: 2000 },
    );
  });

  it('names no binding line for a device that reached its top in the same step as a line (seed 971306046)', () => {
    // A continuous device ended 4e-14 below its top while its line filled: it must count as at top.
    fc.assert(
      fc.property(problemArb, (problem) => {
        assert.deepEqual(checkAllocation(problem, solve(problem)), []);
      }),
      { seed: 971306046, numRuns: 2000 },
    );
  });

  it('is deterministic and does not depend on the order of the devices', () => {
    fc.assert(
      fc.property(problemArb, fc.nat(), (problem, seed) => {
        const first = solve(problem);
        assert.deepEqual(solve(problem), first);
        const order = problem.devices
          .map((_, i) => i)
          .sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b);
        // Without the topology's idOrder (it no longer fits the shuffled devices): the solver sorts.
        const shuffled = solve({
          ...problem,
          devices: order.map((i) => problem.devices[i]!),
          idOrder: undefined,
        });
        order.forEach((i, k) => {
          assert.equal(shuffled.currentA[k], first.currentA[i]);
          assert.equal(shuffled.bindingLine[k], first.bindingLine[i]);
          assert.equal(shuffled.shed[k], first.shed[i]);
        });
      }),
      { numRuns: 1000 },
    );
  });
});
