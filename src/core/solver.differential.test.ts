// The solver's speed work must not change its answers: solve() against the implementation it
// replaced (test-support/reference/solver.ts), deep-equal on random situations, with shed ranks
// of every sign and size (the controller's are session energy, −10⁹ in a turn, +10¹² for a pv
// candidate) so that the service order is exercised on its ties, -0 and large values. Every
// device's binding and shed flag must be identical. The head start (water-fill-start.ts) adds a
// line's load up in another order than the events, so the loads may differ in their last bits, and
// with them a continuous device's current where a line saturates (1.8e-15 A seen): currents and
// usedA must agree to 1e-9.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hardProblem, hardSite } from '../../bench/allocate-sites.js';
import { solve } from './solver.js';
import type { SolverAllocation, SolverProblem } from './solver-types.js';
import { situationArb } from './test-support/arbitraries.js';
import { buildTopology } from './topology.js';
import { solve as reference } from './test-support/reference/solver.js';

const shedRankArb = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.double({ min: -1e9, max: 1e12, noNaN: true }),
  fc.constantFrom(0, -0, 1e12, -1e9, 1e12 + 0.5, -1e9 + 2.25, Infinity, -Infinity),
);

const withRanks = fc
  .tuple(situationArb, fc.array(shedRankArb, { minLength: 50, maxLength: 50 }), fc.boolean())
  .map(([s, ranks, fractionalPriority]): SolverProblem => {
    const devices = s.problem.devices.map((d, i) => ({
      ...d,
      shedRank: ranks[i] ?? d.shedRank,
      priority: fractionalPriority ? d.priority * 0.5 - 1 : d.priority,
    }));
    return { ...s.problem, devices };
  });

/** Deep-equal but for currentA and usedA, which must agree to 1e-9 (relative above 1). */
function assertSame(actual: SolverAllocation, expected: SolverAllocation): void {
  assert.deepStrictEqual({ ...actual, currentA: [], usedA: [] }, { ...expected, currentA: [], usedA: [] });
  for (const key of ['currentA', 'usedA'] as const) {
    assert.equal(actual[key].length, expected[key].length);
    actual[key].forEach((a, i) => {
      const e = expected[key][i]!;
      assert.ok(Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e)), `${key}[${i}]: ${a} vs ${e}`);
    });
  }
}

describe('solve() against the reference implementation', () => {
  it('gives deep-equal allocations on random situations', () => {
    fc.assert(
      fc.property(withRanks, (problem) => {
        assertSame(solve(problem), reference(problem));
      }),
      { numRuns: 1500 },
    );
  });

  it("gives deep-equal allocations on the benchmark's hard site (1,000 devices), shed ranks shuffled", () => {
    const topology = buildTopology(hardSite(1000));
    fc.assert(
      fc.property(
        fc.nat(100),
        fc.array(shedRankArb, { minLength: 1000, maxLength: 1000 }),
        (cycle, ranks) => {
          const problem = hardProblem(topology, cycle);
          const shuffled = {
            ...problem,
            devices: problem.devices.map((d, i) => ({ ...d, shedRank: ranks[i]! })),
          };
          assertSame(solve(problem), reference(problem));
          assertSame(solve(shuffled), reference(shuffled));
        },
      ),
      { numRuns: 20 },
    );
  });

  it('throws the same errors on malformed input', () => {
    const base: SolverProblem = {
      lines: [{ label: 'main L1', capacityA: 16 }],
      devices: [
        {
          id: 'a',
          priority: 0,
          minA: 6,
          maxA: 16,
          stepA: 1,
          loads: [{ line: 0, coefficient: 1 }],
          forcedOff: false,
          shedRank: 0,
        },
      ],
    };
    const broken: SolverProblem[] = [
      { ...base, lines: [{ label: 'main L1', capacityA: NaN }] },
      { ...base, devices: [{ ...base.devices[0]!, shedRank: NaN }] },
      { ...base, devices: [{ ...base.devices[0]!, stepA: -1 }] },
      { ...base, devices: [{ ...base.devices[0]!, maxA: Infinity }] },
      { ...base, devices: [{ ...base.devices[0]!, loads: [{ line: 3, coefficient: 1 }] }] },
      { ...base, devices: [base.devices[0]!, base.devices[0]!] },
      { ...base, neutral: { line: 4, baseA: [0, 0, 0] } },
    ];
    for (const problem of broken) {
      assert.throws(
        () => solve(problem),
        (e: Error) => {
          assert.throws(() => reference(problem), { name: e.name, message: e.message });
          return true;
        },
      );
    }
  });
});
