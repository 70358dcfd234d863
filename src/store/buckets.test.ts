// Hour, day and month buckets follow the site's wall clock: across Europe/Brussels' DST changes a
// day is 23 or 25 hours and the autumn's repeated 02:00 is two hour buckets.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { bucketStartMs, nextBucketStartMs } from './buckets.js';
import { historyConfigSchema } from './config.js';
import { HistoryStore } from './history.js';
import { aState, tempDir } from './test-support/states.js';

const Z = 'Europe/Brussels';
const utc = (iso: string): number => Date.parse(iso);

describe('bucket starts in Europe/Brussels', () => {
  const cases: [string, 'hour' | 'day' | 'month', string, string][] = [
    ['2025-03-30T12:00:00Z', 'day', '2025-03-29T23:00:00Z', '2025-03-30T22:00:00Z'],
    ['2025-10-26T12:00:00Z', 'day', '2025-10-25T22:00:00Z', '2025-10-26T23:00:00Z'],
    ['2025-10-26T00:30:00Z', 'hour', '2025-10-26T00:00:00Z', '2025-10-26T01:00:00Z'],
    ['2025-10-26T01:30:00Z', 'hour', '2025-10-26T01:00:00Z', '2025-10-26T02:00:00Z'],
    ['2025-03-30T01:00:00Z', 'hour', '2025-03-30T01:00:00Z', '2025-03-30T02:00:00Z'],
    ['2025-03-15T08:00:00Z', 'month', '2025-02-28T23:00:00Z', '2025-03-31T22:00:00Z'],
    ['2025-10-31T23:30:00Z', 'month', '2025-10-31T23:00:00Z', '2025-11-30T23:00:00Z'],
    ['2025-12-31T23:30:00Z', 'month', '2025-12-31T23:00:00Z', '2026-01-31T23:00:00Z'],
  ];
  for (const [at, resolution, start, next] of cases) {
    it(`${resolution} of ${at} starts ${start}, the next ${next}`, () => {
      const startMs = bucketStartMs(utc(at), resolution, Z);
      assert.equal(new Date(startMs).toISOString(), new Date(utc(start)).toISOString());
      assert.equal(
        new Date(nextBucketStartMs(startMs, resolution, Z)).toISOString(),
        new Date(utc(next)).toISOString(),
      );
    });
  }

  it('an hour in a half-hour zone starts at half past in UTC', () => {
    assert.equal(
      bucketStartMs(utc('2025-06-01T10:10:00Z'), 'hour', 'Asia/Kolkata'),
      utc('2025-06-01T09:30:00Z'),
    );
  });
});

describe('derived buckets from the store across DST', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  /** 1 kW from `from` to `to`, a cycle a minute (each counts the minute before it). */
  function feed(store: HistoryStore, from: string, to: string): void {
    for (let t = utc(from); t <= utc(to); t += 60_000) store.record(aState({ atMs: t, gridPowerW: 1000 }));
  }
  const config = historyConfigSchema.parse({ maxGapS: 60 });

  it('the autumn day has 25 hours, its 02:00 twice', () => {
    const store = HistoryStore.open({ dataDir: tmp.dir, config });
    feed(store, '2025-10-25T21:59:00Z', '2025-10-26T23:00:00Z');
    const days = store.history('day', utc('2025-10-26T00:00:00Z'), utc('2025-10-26T12:00:00Z'));
    assert.equal(days.length, 1);
    assert.equal(days[0]!.tMs, utc('2025-10-25T22:00:00Z'));
    assert.ok(Math.abs(days[0]!.importKWh - 25) < 1e-9, `${days[0]!.importKWh} kWh`);
    const hours = store.history('hour', utc('2025-10-26T00:00:00Z'), utc('2025-10-26T02:00:00Z'));
    assert.deepEqual(
      hours.map((h) => [new Date(h.tMs).toISOString(), Math.round(h.importKWh * 1e9) / 1e9]),
      [
        ['2025-10-26T00:00:00.000Z', 1],
        ['2025-10-26T01:00:00.000Z', 1],
      ],
    );
    store.close();
  });

  it('the spring day has 23 hours', () => {
    const store = HistoryStore.open({ dataDir: tmp.dir, config });
    feed(store, '2025-03-29T22:59:00Z', '2025-03-30T22:00:00Z');
    const [day, ...rest] = store.history('day', utc('2025-03-29T23:00:00Z'), utc('2025-03-30T22:00:00Z'));
    assert.equal(rest.length, 0);
    assert.equal(day!.tMs, utc('2025-03-29T23:00:00Z'));
    assert.ok(Math.abs(day!.importKWh - 23) < 1e-9, `${day!.importKWh} kWh`);
    assert.equal(store.history('hour', utc('2025-03-29T23:00:00Z'), utc('2025-03-30T22:00:00Z')).length, 23);
    store.close();
  });

  it('months start at local midnight; the zone is remembered from the states', () => {
    const first = HistoryStore.open({ dataDir: tmp.dir, config });
    feed(first, '2025-03-31T19:59:00Z', '2025-03-31T23:59:00Z');
    first.close();
    const store = HistoryStore.open({ dataDir: tmp.dir, config, readOnly: true });
    assert.equal(store.timezone, Z);
    const months = store.history('month', utc('2025-03-01T00:00:00Z'), utc('2025-04-30T00:00:00Z'));
    assert.deepEqual(
      months.map((m) => [new Date(m.tMs).toISOString(), Math.round(m.importKWh * 1e9) / 1e9]),
      [
        ['2025-02-28T23:00:00.000Z', 2],
        ['2025-03-31T22:00:00.000Z', 2],
      ],
    );
    store.close();
  });

  it('answers closed buckets from memory, and the bucket still filling from the rows', () => {
    const store = HistoryStore.open({ dataDir: tmp.dir, config });
    feed(store, '2025-06-01T21:59:00Z', '2025-06-03T12:00:00Z');
    const before = store.history('day', 0, utc('2030-01-01T00:00:00Z'));
    assert.equal(before.length, 3);
    feed(store, '2025-06-03T12:01:00Z', '2025-06-03T13:00:00Z');
    const after = store.history('day', 0, utc('2030-01-01T00:00:00Z'));
    assert.deepEqual(after.slice(0, 2), before.slice(0, 2));
    assert.ok(Math.abs(after[2]!.importKWh - before[2]!.importKWh - 1) < 1e-9, 'an hour more today');
    const fresh = HistoryStore.open({ dataDir: tmp.dir, readOnly: true });
    assert.deepEqual(fresh.history('day', 0, utc('2030-01-01T00:00:00Z')), after);
    assert.deepEqual(
      fresh.history('hour', utc('2025-06-02T00:00:00Z'), utc('2025-06-04T00:00:00Z')),
      store.history('hour', utc('2025-06-02T00:00:00Z'), utc('2025-06-04T00:00:00Z')),
    );
    fresh.close();
    store.close();
  });

  it('exports as many hour buckets as it answers, over more than one chunk of the CSV', () => {
    const store = HistoryStore.open({
      dataDir: tmp.dir,
      config: historyConfigSchema.parse({ maxGapS: 900 }),
    });
    const startMs = utc('2025-09-30T22:00:00Z');
    for (let t = startMs; t <= utc('2025-11-01T00:00:00Z'); t += 900_000)
      store.record(aState({ atMs: t, gridPowerW: 4000 }));
    const hours = store.history('hour', 0, utc('2030-01-01T00:00:00Z'));
    const lines = [...store.csv('samples', { resolution: 'hour' })];
    assert.equal(lines.length, 1 + hours.length);
    assert.equal(hours.length, 31 * 24 + 1 + 2, 'October has 745 hours; and 1 November 00:00 and 01:00');
    const csvKWh = lines.slice(1).reduce((sum, line) => sum + Number(line.split(',')[13]), 0);
    assert.ok(Math.abs(csvKWh - hours.reduce((sum, h) => sum + h.importKWh, 0)) < 1e-3);
    store.close();
  });
});
