// The whole telegram path of `ampshare run`: from the last byte of a DSMR 5 telegram written to the
// meter's TCP socket to the SetChargingProfile frame arriving at each station's socket, with 1, 10
// and 100 OCPP 1.6 stations in a session. The controller is a child process running `ampshare
// run` as deployed (compiled JavaScript, its own process and event loop, strict OCPP validation,
// logging to a file); the meter and the stations live in this process, so both timestamps come
// from one clock (performance.now()), and the stations' own work is on this side's bill.
//
// Every station's limit changes with 10 of every 12 telegrams (staircase() below); those are the
// telegrams measured. The cars follow their limits at once in the meter reading. Stations are
// 1-phase, spread over L1–L3, with 0.1 A steps: a DSMR power field stops at 99.999 kW per phase
// (434 A), so a hundred 3-phase cars at 16 A could not be metered. The next telegram goes out once
// every station has its frame and has answered it. Also: the daemon's memory with 6 stations.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RPCClient } from 'ocpp-rpc';
import { startMeterServer, telegram, type MeterServer } from '../src/runtime/test-support/meter.js';
import { compileOnce, ENTRY, ROOT } from './compiled.js';
import type { BenchResult } from './types.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PHASES = ['L1', 'L2', 'L3'] as const;

interface Station {
  client: RPCClient;
  phase: 0 | 1 | 2;
  /** The limit the station holds (its car draws it). */
  limitA: number;
  /** Waiting for this limit since t0; the latency is recorded when it arrives. */
  want: { limitA: number; t0: number; done: () => void } | null;
}

interface Site {
  daemon: ChildProcess;
  meter: MeterServer;
  stations: Station[];
  fuseA: number;
  close(): Promise<void>;
}

type Runtime = 'compiled' | 'tsx';

/** Compiles src/ to dist/ (bench/compiled.ts). */
export function compile(): void {
  compileOnce();
}

/** `ampshare run` through the CLI table, from the sources (tsx) or compiled (dist). */
function daemonArgs(runtime: Runtime, config: string): string[] {
  const run = ['--config', config];
  if (runtime === 'tsx') return ['--import', 'tsx', 'scripts/dev.ts', 'run', ...run];
  return [ENTRY, 'run', ...run];
}

async function startSite(n: number, dir: string, runtime: Runtime, nodeFlags: string[] = []): Promise<Site> {
  const meter = await startMeterServer();
  const perPhase = Math.ceil(n / 3);
  // Room for 8 A per station on the fullest phase above 2 A of household, and the 1 A margin.
  const fuseA = 8 * perPhase + 3;
  const devices = Array.from(
    { length: n },
    (_, i) =>
      `  - { id: s${i}, kind: charger, driver: ocpp, stationId: B-${i}, phases: [${PHASES[i % 3]}], maxA: 16, stepA: 0.1 }`,
  );
  const config = join(dir, `bench-${n}.yaml`);
  writeFileSync(
    config,
    `meter: { tcp: "127.0.0.1:${meter.port}" }
ocpp: { port: 0, host: 127.0.0.1, heartbeatIntervalS: 3600, meterValueIntervalS: 3600, bootWaitS: 60 }
controller: { cycleBudgetMs: 0.001 }   # every cycle reports its duration (cycle.overrun)
server: { port: 0 }                    # the API and history run as in production (dataDir beside this file)
site: { phases: 3, fuseA: ${fuseA}, marginA: 1, staleAfterS: 30, increaseDelayS: 0, rampAPerS: 100000 }
devices:
${devices.join('\n')}
`,
  );
  const logFile = join(dir, `bench-${n}.log`);
  const log = openSync(logFile, 'w');
  const daemon = spawn(process.execPath, [...nodeFlags, ...daemonArgs(runtime, config)], {
    cwd: ROOT,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let port = 0;
  for (let i = 0; i < 300 && port === 0; i++) {
    await sleep(50);
    port = Number(/OCPP on port (\d+)/.exec(readFileSync(logFile, 'utf8'))?.[1] ?? 0);
  }
  if (port === 0) throw new Error(`the daemon did not start: ${readFileSync(logFile, 'utf8').slice(-2000)}`);

  const stations: Station[] = [];
  for (let i = 0; i < n; i++) stations.push(await connect(port, i));
  await meter.connected();
  return {
    daemon,
    meter,
    stations,
    fuseA,
    async close() {
      for (const s of stations) await s.client.close({ force: true });
      const exited = new Promise((resolve) => daemon.once('exit', resolve));
      daemon.kill('SIGTERM');
      await exited;
      await meter.close();
    },
  };
}

async function connect(port: number, i: number): Promise<Station> {
  const client = new RPCClient({
    endpoint: `ws://127.0.0.1:${port}`,
    identity: `B-${i}`,
    protocols: ['ocpp1.6'],
    strictMode: false,
    reconnect: false,
  });
  const station: Station = { client, phase: (i % 3) as 0 | 1 | 2, limitA: 0, want: null };
  client.on('message', (e) => {
    const t = performance.now();
    const { message, outbound } = e as { message: Buffer | string; outbound: boolean };
    if (outbound) return;
    const frame = JSON.parse(String(message)) as [number, string, string, Record<string, unknown>];
    if (frame[0] !== 2 || frame[2] !== 'SetChargingProfile') return;
    const profile = frame[3]['csChargingProfiles'] as {
      chargingProfilePurpose: string;
      chargingSchedule: { chargingSchedulePeriod: { limit: number }[] };
    };
    if (profile.chargingProfilePurpose !== 'TxProfile') return;
    station.limitA = profile.chargingSchedule.chargingSchedulePeriod[0]?.limit ?? 0;
    const want = station.want;
    if (want && Math.abs(station.limitA - want.limitA) < 1e-6) {
      station.want = null;
      latencies.push(t - want.t0);
      // Counted once this station's answer has gone out (its handler runs right after).
      setImmediate(want.done);
    }
  });
  client.handle('GetConfiguration', () => ({ configurationKey: [], unknownKey: [] }));
  client.handle('ChangeConfiguration', () => ({ status: 'Accepted' }));
  client.handle('SetChargingProfile', () => ({ status: 'Accepted' }));
  await client.connect();
  await client.call('BootNotification', { chargePointVendor: 'bench', chargePointModel: 'bench' });
  await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });
  const timestamp = new Date().toISOString();
  await client.call('StartTransaction', { connectorId: 1, idTag: 'B', meterStart: 0, timestamp });
  return station;
}

let latencies: number[] = [];
let meterTimeMs = Date.parse('2026-01-15T18:00:00+01:00');

/**
 * Telegram k of a 12-telegram staircase. Steps 0–10: every station's share is 8.0 − 0.1·step A
 * (a decrease applies in the same cycle). Step 11: the share is back at 8 A, but an increase waits
 * one cycle for a stable headroom (fast down, slow up), so nothing is sent; step 0 brings every
 * station back to 8 A. null: no frame expected.
 */
function staircase(k: number): { shareA: number; wantA: number | null } {
  const step = k % 12;
  return step === 11
    ? { shareA: 8, wantA: null }
    : { shareA: Math.round(80 - step) / 10, wantA: Math.round(80 - step) / 10 };
}

/** One telegram; resolves when every station has the limit it implies (false after a timeout). */
async function cycle(site: Site, k: number, measure: boolean): Promise<boolean> {
  const { shareA, wantA } = staircase(k);
  const phaseA = [0, 1, 2].map((p) => {
    const on = site.stations.filter((s) => s.phase === p);
    // The household takes what leaves `shareA` per station under fuse − margin (less 0.02 A, so the
    // meter's 1 W resolution never rounds a share under its 0.1 A step); the cars draw their limits.
    const houseA = site.fuseA - 1 - on.length * shareA - 0.02;
    return houseA + on.reduce((sum, s) => sum + s.limitA, 0);
  });
  const bytes = telegram((meterTimeMs += 1000), phaseA);
  const before = latencies.length;
  // Frames can only arrive on a later turn of the event loop: the waits are in place in time.
  const t0 = site.meter.send(bytes);
  const pending = wantA === null ? [] : site.stations.filter((s) => Math.abs(s.limitA - wantA) > 1e-6);
  const all = new Promise<void>((resolve) => {
    let left = pending.length;
    if (left === 0) return resolve();
    const done = () => {
      if (--left === 0) resolve();
    };
    for (const s of pending) s.want = { limitA: wantA!, t0, done };
  });
  const ok = await Promise.race([all.then(() => true), sleep(measure ? 2_000 : 300).then(() => false)]);
  for (const s of site.stations) s.want = null;
  if (!measure) latencies.length = before;
  // A real meter sends one telegram a second; here the next one follows once the controller has had
  // time to take the answers (0.2 ms a station, at least 2 ms). After a telegram that sends nothing,
  // 10 ms: two telegrams in one read would run two cycles in the same millisecond, leaving the ramp
  // no time to rise.
  await sleep(wantA === null ? 10 : Math.max(2, 0.2 * site.stations.length));
  return ok;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function latency(n: number, telegrams: number, dir: string): Promise<BenchResult[]> {
  const site = await startSite(n, dir, 'compiled');
  try {
    for (let k = 0; k < 48; k++) await cycle(site, k, false);
    latencies = [];
    let missed = 0;
    let measured = 0;
    for (let k = 48; measured < telegrams; k++) {
      if (staircase(k).wantA === null) await cycle(site, k, false);
      else {
        measured++;
        if (!(await cycle(site, k, true))) missed++;
      }
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    // The controller's own share: telegram decoded → last frame handed to the sockets.
    const cycles = [
      ...readFileSync(join(dir, `bench-${n}.log`), 'utf8').matchAll(/telegram cycle took ([\d.]+) ms/g),
    ]
      .slice(48)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    const label = `telegram → SetChargingProfile, ${n} station${n > 1 ? 's' : ''}, ${telegrams} telegrams`;
    const results: BenchResult[] = [
      { name: `${label} p50`, value: percentile(sorted, 50), unit: 'ms' },
      { name: `${label} p99`, value: percentile(sorted, 99), unit: 'ms', goal: '≤ 20' },
      { name: `${label} max`, value: sorted.at(-1) ?? Number.NaN, unit: 'ms' },
      { name: `  of which the control cycle (${n}), p50`, value: percentile(cycles, 50), unit: 'ms' },
      { name: `  of which the control cycle (${n}), p99`, value: percentile(cycles, 99), unit: 'ms' },
    ];
    // A miss is a bench artefact, about 1 in 10,000: when the daemon is descheduled, the telegram
    // after a no-frame one lands in the same read, both cycles run in the same millisecond and the
    // ramp has had no time to rise (a real meter sends one telegram a second).
    if (missed > 0) {
      results.push({ name: `${label}: telegrams with a frame missing after 2 s`, value: missed, unit: '' });
    }
    return results;
  } finally {
    await site.close();
  }
}

/** Low-memory V8 settings for small hosts (docs/running.md "Memory"): no optimising compiler. */
const LOW_MEMORY = ['--lite-mode'];

/**
 * The daemon's memory with 6 stations: right after a burst of 600 telegrams as fast as it takes
 * them (the peak: V8 grows its heap under load), then at a meter's real pace, one telegram a
 * second, for `steadyS` seconds (V8's memory reducer gives back what the burst took). The goal is
 * for the second figure, what a home's daemon holds day in, day out.
 */
export async function memory(
  dir: string,
  runtime: Runtime,
  nodeFlags: string[] = [],
  steadyS = 90,
): Promise<BenchResult[]> {
  const site = await startSite(6, dir, runtime, nodeFlags);
  const mB = (key: string) => {
    const status = readFileSync(`/proc/${site.daemon.pid}/status`, 'utf8');
    return Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) / 1024;
  };
  try {
    for (let k = 0; k < 600; k++) await cycle(site, k, false);
    await sleep(1_000);
    const burstMB = mB('VmRSS');
    for (let k = 600; k < 600 + steadyS; k++) {
      const next = sleep(1_000);
      await cycle(site, k, false);
      await next;
    }
    const how = [runtime === 'compiled' ? 'compiled' : 'node --import tsx', ...nodeFlags].join(' ');
    return [
      { name: `daemon RSS, 6 stations, after 600 telegrams at once (${how})`, value: burstMB, unit: 'MB' },
      {
        name: `daemon RSS, 6 stations, then ${steadyS} s at 1 telegram/s (${how})`,
        value: mB('VmRSS'),
        unit: 'MB',
        goal: '≤ 80',
      },
      {
        name: `  private (RssAnon) / mapped node binary, shared (RssFile)`,
        value: mB('RssAnon'),
        unit: `/ ${mB('RssFile').toFixed(1)} MB`,
      },
    ];
  } finally {
    await site.close();
  }
}

export async function bench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ampshare-latency-'));
  const scale = Number(process.env['AMPSHARE_BENCH_SCALE'] ?? 1);
  // How long the memory runs go on at a meter's pace (docs/benchmarks.md also gives 420 s).
  const steadyS = Number(process.env['AMPSHARE_BENCH_STEADY_S'] ?? 90);
  compile();
  try {
    return [
      ...(await latency(1, Math.round(10_000 * scale), dir)),
      ...(await latency(10, Math.round(10_000 * scale), dir)),
      // 100 stations: 2,000 telegrams (200,000 frames); 10,000 would take several minutes here.
      ...(await latency(100, Math.round(2_000 * scale), dir)),
      ...(await memory(dir, 'compiled', [], steadyS)),
      ...(await memory(dir, 'compiled', LOW_MEMORY, steadyS)),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
