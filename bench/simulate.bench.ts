// The simulator through the real telegram path on scenario 2 (the 3x25 A villa): each simulated
// second writes a DSMR 5 telegram, decodes it, runs allocate() and moves the world. Reported as
// simulated seconds per wall second (goal ≥ 100,000: a year in under six minutes), with the
// share of the time each stage takes, and the world alone (the uncontrolled baseline) for scale.
//
// Two windows: half a day from a winter noon (the car charges, the heat pump runs: the heavy part)
// and a whole winter week (what a year's run averages over nights and idle hours). Each is timed
// after an untimed run of the same window, so the JIT has settled as it has in a long run. The
// child runs three times and every figure is the median of the three (this machine's neighbours
// move single runs by ±20 %).
//
// AMPSHARE_BENCH_YEAR=1 also times the goal itself: a whole year of scenario 2 through
// `ampshare simulate --days 365 --json`, as a user runs it (about 5 minutes).
//
// Timed: the compiled JavaScript that `npx ampshare simulate` runs (bench/compiled.ts), in a
// child process without tsx (bench/simulate-child.mjs).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { compileOnce, ENTRY, ROOT } from './compiled.js';
import type { BenchResult } from './types.js';

const SCENARIO = join(ROOT, 'scenarios/2-villa-3x25.yaml');
const START = '2026-01-19T12:00';
const DAYS = 0.5;
const WEEK_DAYS = 7;

interface Measured {
  seconds: number;
  realWallMs: number;
  worldWallMs: number;
  weekSeconds: number;
  weekWallMs: number;
  writeUs: number;
  decodeUs: number;
}

const RUNS = 3;

function measureOnce(): Measured {
  const child = spawnSync(
    process.execPath,
    [join(ROOT, 'bench/simulate-child.mjs'), SCENARIO, START, String(DAYS), String(WEEK_DAYS)],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`simulate-child failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as Measured;
}

/** A year of scenario 2 through the CLI: its own wallMs (the simulation) and the command's. */
function year(): BenchResult[] {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [ENTRY, 'simulate', SCENARIO, '--days', '365', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const commandS = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`ampshare simulate failed:\n${child.stderr}`);
  const kpis = JSON.parse(child.stdout) as { simulatedSeconds: number; wallMs: number; trips: number };
  return [
    {
      name: 'a year of scenario 2 (ampshare simulate --days 365), the simulation',
      value: kpis.simulatedSeconds / (kpis.wallMs / 1000),
      unit: 'sim s / wall s',
      goal: '≥ 100000',
    },
    {
      name: '  the whole command (loading, simulation, optimum, JSON)',
      value: commandS / 60,
      unit: 'min',
      goal: '≤ 6',
    },
  ];
}

export async function bench(): Promise<BenchResult[]> {
  compileOnce();
  const yearly = process.env['AMPSHARE_BENCH_YEAR'] === '1' ? year() : [];
  const runs = Array.from({ length: RUNS }, measureOnce);
  const median = (key: keyof Measured): number => runs.map((r) => r[key]).sort((a, b) => a - b)[RUNS >> 1]!;
  const m: Measured = {
    seconds: runs[0]!.seconds,
    realWallMs: median('realWallMs'),
    worldWallMs: median('worldWallMs'),
    weekSeconds: runs[0]!.weekSeconds,
    weekWallMs: median('weekWallMs'),
    writeUs: median('writeUs'),
    decodeUs: median('decodeUs'),
  };
  const perSecondUs = (m.realWallMs * 1000) / m.seconds;
  const worldUs = (m.worldWallMs * 1000) / m.seconds;
  const weekPerSecondUs = (m.weekWallMs * 1000) / m.weekSeconds;
  return [
    ...yearly,
    {
      name: `simulate, ampshare through telegrams (scenario 2, ${WEEK_DAYS} days from ${START})`,
      value: m.weekSeconds / (m.weekWallMs / 1000),
      unit: 'sim s / wall s',
    },
    {
      name: '  a year at this winter rate (heavier than the year: no heat pump in summer)',
      value: (365 * 86_400 * weekPerSecondUs) / 1e6 / 60,
      unit: 'min',
    },
    {
      name: `simulate, the heavy half day (${DAYS} days from ${START})`,
      value: m.seconds / (m.realWallMs / 1000),
      unit: 'sim s / wall s',
    },
    { name: '  per simulated second', value: perSecondUs, unit: 'µs' },
    { name: '  of which: write one DSMR 5 telegram', value: m.writeUs, unit: 'µs' },
    { name: '  of which: decode it', value: m.decodeUs, unit: 'µs' },
    { name: '  of which: the world, breakers and scorecard (uncontrolled run)', value: worldUs, unit: 'µs' },
    {
      name: '  of which: allocate() and the drivers (the rest)',
      value: perSecondUs - m.writeUs - m.decodeUs - worldUs,
      unit: 'µs',
    },
  ];
}
