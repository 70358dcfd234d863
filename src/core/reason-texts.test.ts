import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ReasonTexts } from './reason-texts.js';
import { limitReason, solarMinimumReason, type LineView, type ReasonContext } from './reasons.js';

describe('ReasonTexts', () => {
  it('hands out the same solar-minimum text as made fresh, whatever came before', () => {
    // Few distinct values, so that calls hit the kept texts and the surplus changes under them.
    const call = fc.record({
      surplusW: fc.constantFrom(0, 1234.5, 1234.5000001, -0, 4100),
      minA: fc.constantFrom(6, 6.5, 18),
      minW: fc.constantFrom(1380, 4140, 4140.2),
    });
    fc.assert(
      fc.property(fc.array(call, { maxLength: 40 }), (calls) => {
        const texts = new ReasonTexts(4);
        for (const c of calls) {
          assert.equal(
            texts.solarMinimum(c.surplusW, c.minA, c.minW),
            solarMinimumReason(c.surplusW, c.minA, c.minW),
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('hands out the same limit text as made fresh, cycle after cycle (up to 7 priorities on a line)', () => {
    // Within a cycle a line's numbers stay; between cycles they may change or not. Few distinct
    // values, so that texts are reused and invalidated; more priorities than a line keeps flat.
    const viewArb = fc.record({
      kind: fc.constantFrom('phase' as const, 'peak' as const, 'surplus' as const),
      label: fc.constantFrom('main L1', 'c12 L2'),
      capacityA: fc.constantFrom(4.2, 4.25, 0, 16),
      sharing: fc.constantFrom(1, 2, 3),
      topPriority: fc.constantFrom(0, 1, 2),
    });
    const contextArb = fc.record({
      voltageV: fc.constant(230),
      quarter: fc.constantFrom(null, { targetW: 2500, remainingS: 300 } as ReasonContext['quarter']),
      surplusW: fc.constantFrom(0, 1800),
      schedule: fc.constantFrom(null, '17:00–21:00 40 A'),
    });
    const cycleArb = fc.record({
      views: fc.array(viewArb, { minLength: 3, maxLength: 3 }),
      context: contextArb,
      calls: fc.array(
        fc.record({ line: fc.integer({ min: 0, max: 1 }), priority: fc.integer({ min: 0, max: 6 }) }),
        {
          maxLength: 40,
        },
      ),
    });
    fc.assert(
      fc.property(fc.array(cycleArb, { minLength: 1, maxLength: 6 }), (cycles) => {
        const texts = new ReasonTexts(3);
        for (const cycle of cycles) {
          texts.nextCycle();
          for (const { line, priority } of cycle.calls) {
            const view: LineView = { line, ...cycle.views[line]! };
            assert.equal(
              texts.limit(line, view, cycle.context, priority),
              limitReason(view, cycle.context, priority),
            );
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
