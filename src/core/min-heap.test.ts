// The solver's event heap against a sorted list: random pushes, pops and top replacements, keys
// with many ties (the order of equal keys is the smaller id first), sizes past its growth.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MinHeap } from './min-heap.js';

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

describe('MinHeap', () => {
  it('pops in (key, id) order whatever came before (push, pop, replaceTop)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400 }), (ops) => {
        const heap = new MinHeap();
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
});
