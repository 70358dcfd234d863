// The breaker model against its closed form (IEC 60898-1 thermal release as a first-order heat
// model, τ = 150 s, trip at θ ≥ 1.4²) and its magnetic release.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Breaker, thermalTripTimeS, type BreakerOptions } from './breaker.js';

const aBreaker = (o: Partial<BreakerOptions> = {}) =>
  new Breaker({ ratedA: 16, curve: 'B', tauS: 150, resetAfterS: 600, poles: 1, ...o });

/** Seconds at a constant current until the breaker trips (or `limitS`), and how it tripped. */
function secondsToTrip(b: Breaker, currentA: number, limitS = 7200): { s: number; kind: string | null } {
  const pole = Float64Array.of(currentA);
  for (let t = 0; t < limitS; t++) {
    const trip = b.step(t, pole, 0);
    if (trip) return { s: t + 1, kind: trip.kind };
  }
  return { s: Infinity, kind: null };
}

describe('breaker thermal model', () => {
  for (const multiple of [1.45, 2]) {
    it(`trips at ${multiple}·In when the closed form says (τ·ln(x/(x − 1.96)))`, () => {
      const expected = thermalTripTimeS(multiple * 16, 16, 150);
      const x = multiple * multiple;
      assert.ok(Math.abs(expected - -150 * Math.log(1 - 1.96 / x)) < 1e-9);
      const { s, kind } = secondsToTrip(aBreaker(), multiple * 16);
      assert.equal(kind, 'thermal');
      // Whole seconds: the first second at which the heat has crossed the threshold.
      assert.equal(s, Math.ceil(expected), `tripped after ${s} s, formula ${expected.toFixed(2)} s`);
    });
  }

  it('1.45·In trips within the hour IEC 60898-1 allows, 1.13·In never does', () => {
    assert.ok(thermalTripTimeS(1.45 * 16, 16, 150) < 3600);
    assert.equal(secondsToTrip(aBreaker(), 1.13 * 16, 4 * 3600).s, Infinity);
    assert.equal(thermalTripTimeS(1.13 * 16, 16, 150), Infinity);
  });

  it('cools down: a breaker that was hot takes longer to trip after a pause', () => {
    const b = aBreaker();
    const pole = Float64Array.of(1.3 * 16);
    for (let t = 0; t < 600; t++) assert.equal(b.step(t, pole, 0), null);
    const hot = b.heatShare();
    pole[0] = 0;
    for (let t = 600; t < 900; t++) b.step(t, pole, 0);
    assert.ok(b.heatShare() < hot * 0.2, `heat ${b.heatShare()} after 300 s off (was ${hot})`);
  });
});

describe('breaker magnetic release', () => {
  it('trips in the same second at 5·In for a B curve, not at 4.9·In', () => {
    assert.deepEqual(secondsToTrip(aBreaker(), 5 * 16), { s: 1, kind: 'magnetic' });
    const below = aBreaker();
    assert.equal(below.step(0, Float64Array.of(4.9 * 16), 0), null);
  });

  it('a C curve holds 5·In for a moment and trips at 10·In', () => {
    assert.equal(aBreaker({ curve: 'C' }).step(0, Float64Array.of(5 * 16), 0), null);
    assert.equal(aBreaker({ curve: 'C' }).step(0, Float64Array.of(10 * 16), 0)?.kind, 'magnetic');
  });
});

describe('after a trip', () => {
  it('stays open for resetAfterS, then closes cold and counts every trip', () => {
    const b = aBreaker({ resetAfterS: 60, poles: 3 });
    const poles = Float64Array.of(0, 6 * 16, 0);
    assert.deepEqual(b.step(10, poles, 0), { pole: 1, kind: 'magnetic' });
    assert.equal(b.closed, false);
    assert.equal(b.openUntilS, 71);
    assert.equal(b.step(70, poles, 0), null, 'still open');
    assert.equal(b.step(71, poles, 0)?.kind, 'magnetic', 'closed again at 71 s, straight into the fault');
    assert.equal(b.trips, 2);
  });
});
