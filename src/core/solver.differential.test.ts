// The solver's speed work must not change its answers: solve() against the implementation it
// replaced (test-support/reference/solver.ts), deep-equal on random situations, with shed ranks
// of every sign and size (the controller's are session energy, −10⁹ in a turn, +10¹² for a pv
// candidate) so that the service order is exercised on its ties, -0 and large values. Every
// device's shed flag must be identical. The head start (water-fill-start.ts) adds a line's load up
// in another order than the events, so the loads may differ in their last bits, and with them a
// continuous device's current where a line saturates (1.8e-15 A seen): currents and usedA must
// agree to 1e-9. For the same reason two lines that fill up at the same level (to the last bits)
// may be met in the other order, so a device's binding line may be the other one of two full lines
// (seen once in 15,000 random situations); any other binding must be identical.
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

/** Equal as the header says: shed flags exactly, currents and usedA to 1e-9, bindings or a tie. */
function assertSame(problem: SolverProblem, actual: SolverAllocation, expected: SolverAllocation): void {
  const close = (a: number, e: number): boolean => Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e));
  assert.deepStrictEqual(actual.shed, expected.shed);
  assert.deepStrictEqual(actual.infeasibleLines, expected.infeasibleLines);
  for (const key of ['currentA', 'usedA'] as const) {
    assert.equal(actual[key].length, expected[key].length);
    actual[key].forEach((a, i) =>
      assert.ok(close(a, expected[key][i]!), `${key}[${i}]: ${a} vs ${expected[key][i]}`),
    );
  }
  const full = (line: number | null): boolean =>
    line !== null && close(expected.usedA[line]!, problem.lines[line]!.capacityA);
  actual.bindingLine.forEach((line, i) => {
    const other = expected.bindingLine[i]!;
    if (line === other) return;
    assert.ok(full(line) && full(other), `device ${i}: binding ${line} vs ${other}, not a tie of full lines`);
  });
}

describe('solve() against the reference implementation', () => {
  it('gives deep-equal allocations on random situations', () => {
    fc.assert(
      fc.property(withRanks, (problem) => {
        assertSame(problem, solve(problem), reference(problem));
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
          assertSame(problem, solve(problem), reference(problem));
          assertSame(shuffled, solve(shuffled), reference(shuffled));
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
