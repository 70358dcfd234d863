// Samples: one second row per cycle, minute and quarter rows as their buckets close, retention
// over simulated days, the open buckets rebuilt after a restart; and the property that a minute
// (and a quarter) is the mean of its seconds.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import type { HistoryPoint } from '../model/history.js';
import { historyConfigSchema } from './config.js';
import { HistoryStore } from './history.js';
import { aCharger, aDevice, aState, fakeClock, tempDir } from './test-support/states.js';

const T0 = Date.UTC(2025, 5, 1, 10, 0, 0);
const kWh = (w: number, s: number): number => (w * s) / 3_600_000;

function near(actual: number | null | undefined, expected: number | null, what: string): void {
  if (expected === null) return assert.equal(actual, null, what);
  assert.ok(actual !== null && actual !== undefined, `${what}: got ${actual}`);
  assert.ok(
    Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} ≠ ${expected}`,
  );
}

describe('HistoryStore samples', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('writes a row per second and folds minutes and quarters as they close', () => {
    const store = HistoryStore.open({ dataDir: tmp.dir, clock: fakeClock(T0) });
    for (let i = 0; i < 20 * 60; i++) {
      store.record(
        aState({
          atMs: T0 + i * 1000,
          gridPowerW: i % 2 === 0 ? i : -i,
          phaseA: [i, 2, 3],
          limitA: 25 - (i % 7),
        }),
      );
    }
    const seconds = store.history('second', T0, T0 + 20 * 60_000);
    assert.equal(seconds.length, 1200);
    const minutes = store.history('minute', T0, T0 + 20 * 60_000);
    assert.deepEqual(
      minutes.map((p) => p.tMs),
      Array.from({ length: 20 }, (_, k) => T0 + k * 60_000),
    );
    // Minute k holds i = 60k … 60k+59: even i import i W, odd i export i W.
    const m3 = minutes[3]!;
    const evens = Array.from({ length: 30 }, (_, j) => 180 + 2 * j);
    near(m3.importW, evens.reduce((a, b) => a + b) / 60, 'importW');
    near(m3.exportW, evens.reduce((a, b) => a + b + 1, 0) / 60, 'exportW');
    near(
      m3.importKWh,
      evens.reduce((a, w) => a + kWh(w, 1), 0),
      'importKWh',
    );
    assert.deepEqual(m3.phaseMaxA, [239, 2, 3]);
    near(m3.phaseA[0], 209.5, 'L1 average');
    assert.equal(m3.limitA, 19);
    const quarters = store.history('quarter', T0, T0 + 20 * 60_000);
    assert.deepEqual(
      quarters.map((p) => p.tMs),
      [T0, T0 + 900_000],
    );
    near(quarters[0]!.phaseA[0], 449.5, 'quarter L1 average');
    // The first sample has no interval before it: it counts no energy.
    near(
      quarters[0]!.importKWh,
      Array.from({ length: 450 }, (_, j) => kWh(2 * j, 1)).reduce((a, b) => a + b),
      'q kWh',
    );
    store.close();
  });

  it('averages devices (measured, else the setpoint power while running) and pv', () => {
    const store = HistoryStore.open({ dataDir: tmp.dir });
    for (let i = 0; i < 61; i++) {
      store.record(
        aState({
          atMs: T0 + i * 1000,
          pvW: i < 30 ? 3000 : null,
          devices: [
            aCharger({ id: 'car1', measuredPowerW: i < 30 ? 7000 : 1000 }),
            aDevice({ id: 'hp', powerW: 2000, status: i % 2 === 0 ? 'running' : 'paused' }),
          ],
        }),
      );
    }
    const [minute] = store.history('minute', T0, T0 + 60_000);
    near(minute!.devicesW.car1!, 4000, 'car1');
    near(minute!.devicesW.hp!, 1000, 'hp');
    near(minute!.pvW, 3000, 'pv over the seconds that had it');
    store.close();
  });

  it('keeps seconds and minutes only as long as configured, quarters forever (three simulated days)', () => {
    const config = historyConfigSchema.parse({ keepSecondsH: 1, keepMinutesDays: 1, maxGapS: 10 });
    const store = HistoryStore.open({ dataDir: tmp.dir, config });
    const stepS = 10;
    const steps = (3 * 86_400) / stepS;
    for (let i = 0; i <= steps; i++) store.record(aState({ atMs: T0 + i * stepS * 1000, gridPowerW: 3600 }));
    const endMs = T0 + steps * stepS * 1000;
    const seconds = store.history('second', 0, endMs + 1);
    assert.ok(seconds[0]!.tMs >= endMs - 3_600_000 - 60_000, 'seconds older than an hour are gone');
    assert.ok(seconds[0]!.tMs <= endMs - 3_600_000 + 60_000, 'an hour of seconds is kept');
    const minutes = store.history('minute', 0, endMs + 1);
    assert.ok(minutes[0]!.tMs >= endMs - 86_400_000 - 900_000, 'minutes older than a day are gone');
    assert.ok(minutes[0]!.tMs <= endMs - 86_400_000 + 900_000, 'a day of minutes is kept');
    const quarters = store.history('quarter', 0, endMs + 1);
    assert.equal(quarters[0]!.tMs, T0);
    assert.equal(quarters.length, 3 * 96 + 1);
    // 3.6 kW for three days, 10 s at a time: 3.6 kWh an hour, nothing lost in the folding.
    near(
      quarters.reduce((sum, q) => sum + q.importKWh, 0),
      3 * 24 * 3.6,
      'energy',
    );
    const days = store.history('day', T0, endMs);
    near(
      days.reduce((sum, d) => sum + d.importKWh, 0),
      3 * 24 * 3.6,
      'energy in days',
    );
    store.close();
  });

  it('caps the gap between cycles (a silent meter invents no energy)', () => {
    const config = historyConfigSchema.parse({ maxGapS: 5 });
    const store = HistoryStore.open({ dataDir: tmp.dir, config });
    store.record(aState({ atMs: T0, gridPowerW: 3600 }));
    store.record(aState({ atMs: T0 + 1000, gridPowerW: 3600 }));
    store.record(aState({ atMs: T0 + 31_000, gridPowerW: 3600 }));
    store.record(aState({ atMs: T0 + 61_000, gridPowerW: 0 }));
    const [minute] = store.history('minute', T0, T0 + 60_000);
    near(minute!.importKWh, kWh(3600, 1) + kWh(3600, 5), 'importKWh');
    store.close();
  });

  it('skips cycles without grid power and drops samples older than the last stored second', () => {
    const store = HistoryStore.open({ dataDir: tmp.dir });
    store.record(aState({ atMs: T0, gridPowerW: null }));
    store.record(aState({ atMs: T0 + 1000, gridPowerW: 100 }));
    store.record(aState({ atMs: T0 + 2000, gridPowerW: 200 }));
    store.record(aState({ atMs: T0 + 1500, gridPowerW: 999 }));
    store.record(aState({ atMs: T0 + 2500, gridPowerW: 400 }));
    assert.deepEqual(
      store.history('second', T0, T0 + 10_000).map((p) => [p.tMs, p.importW]),
      [
        [T0 + 1000, 100],
        [T0 + 2000, 300],
      ],
    );
    store.close();
  });

  it('rebuilds the open minute and quarter after a restart from the second rows', () => {
    const first = HistoryStore.open({ dataDir: tmp.dir });
    for (let i = 0; i < 30; i++) first.record(aState({ atMs: T0 + i * 1000, gridPowerW: 100 }));
    first.close();
    const second = HistoryStore.open({ dataDir: tmp.dir });
    assert.equal(second.history('minute', T0, T0 + 60_000)[0]?.importW, 100, 'the open minute, rebuilt');
    second.record(aState({ atMs: T0 + 29_500, gridPowerW: 9999 }));
    for (let i = 30; i < 70; i++)
      second.record(aState({ atMs: T0 + i * 1000, gridPowerW: i < 60 ? 400 : 0 }));
    const [minute] = second.history('minute', T0, T0 + 60_000);
    assert.equal(minute!.importW, 250);
    assert.equal(second.history('quarter', T0, T0 + 1)[0]?.importW, (30 * 100 + 30 * 400) / 70);
    second.close();
  });
});

describe('minute and quarter aggregates (property)', () => {
  const sample = fc.record({
    gapMs: fc.integer({ min: 150, max: 4000 }),
    gridW: fc.integer({ min: -8000, max: 17_000 }),
    pvW: fc.option(fc.integer({ min: 0, max: 9000 }), { nil: null }),
    phaseA: fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 3, maxLength: 3 }),
    limitA: fc.integer({ min: 6, max: 25 }),
    carW: fc.integer({ min: 0, max: 11_000 }),
  });

  it('a minute and a quarter are the means of their seconds (sums for energy, max and min as named)', () => {
    fc.assert(
      fc.property(fc.array(sample, { minLength: 1, maxLength: 250 }), (samples) => {
        const tmp = tempDir();
        const store = HistoryStore.open({ dataDir: tmp.dir });
        try {
          let t = T0 + 12_345;
          for (const s of samples) {
            t += s.gapMs;
            store.record(
              aState({
                atMs: t,
                gridPowerW: s.gridW,
                pvW: s.pvW,
                phaseA: s.phaseA,
                limitA: s.limitA,
                devices: [aCharger({ id: 'car', measuredPowerW: s.carW })],
              }),
            );
          }
          // A late cycle closes every bucket.
          store.record(aState({ atMs: t + 3_600_000, gridPowerW: 0 }));
          const seconds = store.history('second', T0, t + 1);
          for (const resolution of ['minute', 'quarter'] as const) {
            for (const bucket of store.history(resolution, T0, t + 1)) {
              const size = resolution === 'minute' ? 60_000 : 900_000;
              const inside = seconds.filter((p) => p.tMs >= bucket.tMs && p.tMs < bucket.tMs + size);
              checkFold(bucket, inside, resolution);
            }
          }
        } finally {
          store.close();
          tmp.remove();
        }
      }),
      { numRuns: 25 },
    );
  });
});

function checkFold(bucket: HistoryPoint, seconds: HistoryPoint[], what: string): void {
  assert.ok(seconds.length > 0, `${what} ${bucket.tMs} has seconds`);
  const mean = (f: (p: HistoryPoint) => number): number =>
    seconds.reduce((a, p) => a + f(p), 0) / seconds.length;
  const sum = (f: (p: HistoryPoint) => number): number => seconds.reduce((a, p) => a + f(p), 0);
  near(
    bucket.importW,
    mean((p) => p.importW),
    `${what} importW`,
  );
  near(
    bucket.exportW,
    mean((p) => p.exportW),
    `${what} exportW`,
  );
  const withPv = seconds.filter((p) => p.pvW !== null);
  near(
    bucket.pvW,
    withPv.length === 0 ? null : withPv.reduce((a, p) => a + p.pvW!, 0) / withPv.length,
    `${what} pvW`,
  );
  for (let i = 0; i < 3; i++) {
    near(
      bucket.phaseA[i],
      mean((p) => p.phaseA[i]!),
      `${what} L${i + 1}`,
    );
    near(bucket.phaseMaxA[i], Math.max(...seconds.map((p) => p.phaseMaxA[i]!)), `${what} L${i + 1} max`);
  }
  assert.equal(bucket.limitA, Math.min(...seconds.map((p) => p.limitA)));
  near(
    bucket.importKWh,
    sum((p) => p.importKWh),
    `${what} importKWh`,
  );
  near(
    bucket.exportKWh,
    sum((p) => p.exportKWh),
    `${what} exportKWh`,
  );
  near(
    bucket.devicesW.car,
    mean((p) => p.devicesW.car!),
    `${what} car W`,
  );
}
