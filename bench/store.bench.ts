// The history store's cost to the control loop and to the API. A cycle's write (second row,
// sessions, and as buckets close the minute and quarter rows and retention) runs on the loop's
// thread, so it is measured per cycle over an hour of simulated cycles with 6 devices, checkpoints
// of the WAL included (wall clock: the file system counts). The queries are what the dashboard asks
// most: a day of minute rows, and a year of hour buckets folded from quarter rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Resolution } from '../src/model/history.js';
import type { LiveDevice } from '../src/model/live.js';
import { HistoryStore } from '../src/store/history.js';
import { toDb, upsertSql } from '../src/store/rows.js';
import type { SampleRow } from '../src/store/sample.js';
import { aCharger, aDevice, aState } from '../src/store/test-support/states.js';
import type { BenchResult } from './types.js';

// Local midnight in Brussels, so a year is 365 whole day buckets.
const T0 = Date.UTC(2024, 11, 31, 23);
const CYCLES = 3600;

const devices = (i: number): LiveDevice[] => [
  aCharger({ id: 'car1', vehicleConnected: true, measuredPowerW: 7000 + (i % 50) }),
  aCharger({ id: 'car2', vehicleConnected: true, measuredPowerW: 3600 + (i % 30) }),
  aDevice({ id: 'heatpump', measuredPowerW: 1800 }),
  aDevice({ id: 'boiler', powerW: 2400, status: i % 600 < 300 ? 'running' : 'paused' }),
  aDevice({ id: 'battery', kind: 'battery', measuredPowerW: -1500 }),
  aDevice({ id: 'pool', kind: 'switch', measuredPowerW: 900 }),
];

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

function cycleWrites(dataDir: string): BenchResult[] {
  const store = HistoryStore.open({ dataDir });
  const states = Array.from({ length: CYCLES + 100 }, (_, i) =>
    aState({ atMs: T0 + i * 1000, gridPowerW: 2000 - (i % 4000), pvW: 4000, devices: devices(i) }),
  );
  for (let i = 0; i < 100; i++) store.record(states[i]!);
  const us: number[] = [];
  for (let i = 100; i < states.length; i++) {
    const start = performance.now();
    store.record(states[i]!);
    us.push((performance.now() - start) * 1000);
  }
  store.close();
  const mean = us.reduce((a, b) => a + b, 0) / us.length;
  const sorted = us.sort((a, b) => a - b);
  return [
    { name: 'store: cycle write, 6 devices, mean', value: mean, unit: 'µs', goal: '≤ 500' },
    { name: 'store: cycle write, p99', value: percentile(sorted, 99), unit: 'µs' },
    {
      name: 'store: cycle write, max (a WAL checkpoint)',
      value: sorted.at(-1)! / 1000,
      unit: 'ms',
      goal: '≤ 50',
    },
  ];
}

function row(tMs: number, n: number): SampleRow {
  return {
    tMs,
    n,
    importW: 1200,
    exportW: 300,
    pvW: 2500,
    phaseA: [5, 6, 7],
    phaseMaxA: [12, 13, 14],
    limitA: 25,
    devicesW: { car1: 3000, car2: 1500, heatpump: 900, boiler: 600, battery: -200, pool: 450 },
    importKWh: (1200 * n) / 3_600_000,
    exportKWh: (300 * n) / 3_600_000,
  };
}

/** A year of quarter rows and a day of minute rows, written directly. */
function fill(dataDir: string): void {
  HistoryStore.open({ dataDir }).close();
  const db = new Database(join(dataDir, 'ampshare.db'));
  const quarter = db.prepare(upsertSql('samples_quarter'));
  const minute = db.prepare(upsertSql('samples_minute'));
  db.transaction(() => {
    for (let t = T0; t < T0 + 365 * 86_400_000; t += 900_000) quarter.run(toDb(row(t, 900)));
    for (let t = T0; t < T0 + 86_400_000; t += 60_000) minute.run(toDb(row(t, 60)));
  })();
  db.close();
}

/** Best of 5 calls of `query`, each on a store just opened (cold: nothing cached) or all on one (warm). */
function queryMs(dataDir: string, query: (store: HistoryStore) => void, cold: boolean): number {
  let store = HistoryStore.open({ dataDir, timezone: 'Europe/Brussels' });
  query(store);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    if (cold) {
      store.close();
      store = HistoryStore.open({ dataDir, timezone: 'Europe/Brussels' });
    }
    const start = performance.now();
    query(store);
    best = Math.min(best, performance.now() - start);
  }
  store.close();
  return best;
}

const expect = (resolution: Resolution, spanMs: number, count: number) => (store: HistoryStore) => {
  const n = store.history(resolution, T0, T0 + spanMs).length;
  if (n !== count) throw new Error(`${n} ${resolution} buckets, expected ${count}`);
};

function queries(dataDir: string): BenchResult[] {
  fill(dataDir);
  const dayOfMinutes = expect('minute', 86_400_000, 1440);
  const monthOfHours = expect('hour', 31 * 86_400_000, 744);
  const yearOfHours = expect('hour', 365 * 86_400_000, 8760);
  const yearOfDays = expect('day', 365 * 86_400_000, 365);
  return [
    {
      name: 'store: history, a day of minute rows (1,440)',
      value: queryMs(dataDir, dayOfMinutes, true),
      unit: 'ms',
      goal: '≤ 20',
    },
    {
      name: 'store: history, a month of hour buckets, first time',
      value: queryMs(dataDir, monthOfHours, true),
      unit: 'ms',
      goal: '≤ 50',
    },
    {
      name: 'store: history, a year of hour buckets, first time',
      value: queryMs(dataDir, yearOfHours, true),
      unit: 'ms',
      goal: '≤ 200',
    },
    {
      name: '  asked again (closed buckets from memory)',
      value: queryMs(dataDir, yearOfHours, false),
      unit: 'ms',
    },
    {
      name: 'store: history, a year of day buckets, first time',
      value: queryMs(dataDir, yearOfDays, true),
      unit: 'ms',
    },
    { name: '  asked again', value: queryMs(dataDir, yearOfDays, false), unit: 'ms' },
  ];
}

export async function bench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ampshare-store-bench-'));
  try {
    return [...cycleWrites(join(dir, 'writes')), ...queries(join(dir, 'queries'))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
