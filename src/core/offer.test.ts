import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { offerStep, UNUSED_AFTER_S, type OfferMemory } from './offer.js';

const none: OfferMemory = { unusedSinceMs: null, unusedCapA: null };

describe('unused offers', () => {
  it('caps a device that draws much less than offered for a while at what it draws + 1 A (≥ its minimum)', () => {
    let m = offerStep(none, 16, 9, 6, 0);
    assert.equal(m.unusedCapA, null);
    m = offerStep(m, 16, 9, 6, (UNUSED_AFTER_S - 1) * 1000);
    assert.equal(m.unusedCapA, null);
    m = offerStep(m, 16, 9, 6, UNUSED_AFTER_S * 1000);
    assert.equal(m.unusedCapA, 10);
    assert.equal(offerStep(none, 16, 2, 6, 0).unusedCapA, null);
    assert.equal(offerStep({ unusedSinceMs: 0, unusedCapA: null }, 16, 2, 6, 60_000).unusedCapA, 6);
  });

  it('follows the draw down and lifts the cap when the device draws up to it', () => {
    const capped: OfferMemory = { unusedSinceMs: 0, unusedCapA: 10 };
    assert.equal(offerStep(capped, 10, 7, 6, 70_000).unusedCapA, 8);
    assert.equal(offerStep(capped, 10, 9.6, 6, 70_000).unusedCapA, null);
  });

  it('no measurement or no setpoint: nothing to judge', () => {
    assert.deepEqual(offerStep({ unusedSinceMs: 0, unusedCapA: 8 }, 16, null, 6, 70_000), none);
    assert.deepEqual(offerStep({ unusedSinceMs: 0, unusedCapA: 8 }, 0, 0, 6, 70_000), none);
  });
});
