// The water-fill's step queue against a sorted list: random pushes, pops and top replacements, keys
// with many ties (the order of equal keys is the smaller id first), sizes past its growth; and the
// fill's own pattern (each device pushed again above the value it just took) at scale.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { StepQueue } from './step-queue.js';
import { MinHeap } from './test-support/reference/min-heap.js';

type Op = { op: 'push' | 'replace'; key: number; id: number } | { op: 'pop' };

const keyArb = fc.oneof(
  fc.constantFrom(0, 1, 1.5, 2, -0, Infinity),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('push' as const), key: keyArb, id: fc.nat(200) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replace' as const), key: keyArb, id: fc.nat(200) }) },
);

/** The smallest (key, id) first; ids unique in the heap, as the water-fill keeps them. */
const before = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

describe('StepQueue', () => {
  it('pops in (key, id) order whatever came before (push, pop, replaceTop)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400 }), (ops) => {
        const heap = new StepQueue();
        let model: [number, number][] = [];
        for (const o of ops) {
          if (o.op === 'pop') {
            if (model.length === 0) continue;
            model.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
            model = model.slice(1);
            heap.pop();
          } else {
            // Ids stay unique in the heap: an id already in it is left out.
            if (model.some(([, id]) => id === o.id)) continue;
            if (o.op === 'replace') {
              if (model.length === 0) continue;
              model.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
              model[0] = [o.key, o.id];
              heap.replaceTop(o.key, o.id);
            } else {
              model.push([o.key, o.id]);
              heap.push(o.key, o.id);
            }
          }
          assert.equal(heap.size, model.length);
          if (model.length > 0) {
            const least = model.reduce((m, e) => (before(e, m) ? e : m));
            assert.ok(Object.is(heap.peekKey(), least[0]) || heap.peekKey() === least[0]);
            assert.equal(heap.peekId(), least[1]);
          } else {
            assert.equal(heap.peekKey(), Infinity);
          }
        }
        // Drained, it gives everything left in order.
        const drained: [number, number][] = [];
        while (heap.size > 0) {
          drained.push([heap.peekKey(), heap.peekId()]);
          heap.pop();
        }
        model.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
        assert.deepEqual(
          drained.map(([, id]) => id),
          model.map(([, id]) => id),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it("hands out a fill's step events in the binary heap's order (3,000 devices, 1 A, 0.1 A and levels)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        let state = seed;
        const random = (): number => {
          state = (Math.imul(state, 1103515245) + 12345) >>> 0;
          return state / 2 ** 32;
        };
        const queue = new StepQueue();
        const heap = new MinHeap();
        const levels = [1.3, 2.19565, 4.4, 6.5];
        const stepOf = (d: number): number => (d % 3 === 0 ? 1 : d % 3 === 1 ? 0.1 : 0);
        const next = (d: number, v: number): number => {
          const step = stepOf(d);
          if (step > 0) return Math.round((v + step) * 1e9) / 1e9;
          return levels.find((l) => l > v + 1e-9) ?? NaN;
        };
        // Shuffled ids, as the fill pushes its members in service order.
        const ids = Array.from({ length: 3000 }, (_, i) => i).sort(() => random() - 0.5);
        for (const d of ids) {
          const start = stepOf(d) > 0 ? 6 + Math.floor(random() * 4) : levels[0]!;
          queue.push(start, d);
          heap.push(start, d);
        }
        for (let e = 0; e < 6000 && heap.size > 0; e++) {
          assert.equal(queue.peekKey(), heap.peekKey());
          const d = heap.peekId();
          assert.equal(queue.peekId(), d);
          const v = next(d, heap.peekKey());
          // A device that fits goes on to its next value, one that does not stops (as step() does).
          if (random() < 0.8 && !Number.isNaN(v) && v <= 32) {
            queue.replaceTop(v, d);
            heap.pop();
            heap.push(v, d);
          } else {
            queue.pop();
            heap.pop();
          }
          assert.equal(queue.size, heap.size);
        }
      }),
      { numRuns: 20 },
    );
  });
});
