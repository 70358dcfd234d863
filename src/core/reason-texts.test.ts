import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ReasonTexts } from './reason-texts.js';
import { solarMinimumReason } from './reasons.js';

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
});
