// The service order's radix sort against a comparator sort: priority descending, shed rank
// ascending, index ascending, over random numbers of every sign, ties, -0 and sizes on both sides
// of the insertion sort's threshold.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { orderScratch, serviceOrder } from './solver-order.js';

/** What serviceOrder must give: the runnable indices sorted by a comparator. */
function expected(runnable: Uint8Array, priority: Float64Array, shedRank: Float64Array): number[] {
  const out: number[] = [];
  for (let d = 0; d < runnable.length; d++) if (runnable[d] === 1) out.push(d);
  return out.sort((a, b) => priority[b]! - priority[a]! || shedRank[a]! - shedRank[b]! || a - b);
}

// Few distinct values make ties on one or both keys common; the doubles cover every byte.
const numberArb = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 2.5, 1e12, -1e12, 1e12 + 0.5),
  fc.double({ noNaN: true, noDefaultInfinity: false }),
  fc.integer({ min: -3, max: 3 }),
);
const deviceArb = fc.record({ runnable: fc.boolean(), priority: numberArb, shedRank: numberArb });

describe('serviceOrder', () => {
  it('sorts like the comparator, ties by index (radix above 48 devices, insertion below)', () => {
    fc.assert(
      fc.property(fc.array(deviceArb, { minLength: 0, maxLength: 300 }), (devices) => {
        const n = devices.length;
        const runnable = Uint8Array.from(devices, (d) => (d.runnable ? 1 : 0));
        const priority = Float64Array.from(devices, (d) => d.priority);
        const shedRank = Float64Array.from(devices, (d) => d.shedRank);
        const s = orderScratch(n);
        const m = serviceOrder(n, runnable, priority, shedRank, s);
        assert.deepEqual(Array.from(s.a.subarray(0, m)), expected(runnable, priority, shedRank));
      }),
      { numRuns: 1500 },
    );
  });

  it('sorts the same again with the scratch reused (histograms from the last call do not leak)', () => {
    const n = 200;
    const s = orderScratch(n);
    const runnable = new Uint8Array(n).fill(1);
    for (let round = 0; round < 3; round++) {
      const priority = Float64Array.from({ length: n }, (_, d) => (d * 7 + round) % 3);
      const shedRank = Float64Array.from({ length: n }, (_, d) => ((d * 7919 + round * 13) % 101) / 7 - 5);
      const m = serviceOrder(n, runnable, priority, shedRank, s);
      assert.equal(m, n);
      assert.deepEqual(Array.from(s.a.subarray(0, m)), expected(runnable, priority, shedRank));
    }
  });
});
