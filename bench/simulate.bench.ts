// The simulator through the real telegram path on scenario 2 (the 3x25 A villa): each simulated
// second writes a DSMR 5 telegram, decodes it, runs allocate() and moves the world. Reported as
// simulated seconds per wall second (goal ≥ 100,000: a year in under six minutes), with the
// share of the time each stage takes, and the world alone (the uncontrolled baseline) for scale.
import { createP1Decoder } from '../src/meters/dsmr/index.js';
import { runScenario } from '../src/sim/engine.js';
import { loadScenario } from '../src/sim/scenario/load.js';
import type { BenchResult } from './types.js';

const scenario = loadScenario(new URL('../scenarios/2-villa-3x25.yaml', import.meta.url).pathname);
const START = '2026-01-19T12:00';
const DAYS = 0.5;

export async function bench(): Promise<BenchResult[]> {
  runScenario(scenario, { policy: 'ampshare', start: START, days: 0.02 });
  const real = runScenario(scenario, { policy: 'ampshare', start: START, days: DAYS });
  const world = runScenario(scenario, { policy: 'uncontrolled', start: START, days: DAYS });
  const seconds = real.kpis.simulatedSeconds;

  // The telegram path alone, on the kind of telegram the run writes.
  const { SimMeter } = await import('../src/sim/meter.js');
  const { runCalendar, localToUtcMs } = await import('../src/sim/calendar.js');
  const cal = runCalendar(localToUtcMs(START, 'Europe/Amsterdam'), 3600, 'Europe/Amsterdam');
  const meter = new SimMeter({ dialect: 'dsmr50', network: 'tn', voltageV: 230, phases: 3, cal });
  const decoder = createP1Decoder();
  const n = 20_000;
  let t0 = performance.now();
  let telegram = meter.telegram(0, [10, 12, 8], [10, 12, 8], 6900);
  for (let i = 0; i < n; i++) telegram = meter.telegram(i % 3600, [10 + (i % 7), 12, 8], [10, 12, 8], 6900);
  const writeUs = ((performance.now() - t0) * 1000) / n;
  t0 = performance.now();
  for (let i = 0; i < n; i++) decoder.push(telegram);
  const decodeUs = ((performance.now() - t0) * 1000) / n;

  const perSecondUs = (real.kpis.wallMs * 1000) / seconds;
  return [
    {
      name: 'simulate, ampshare through telegrams (scenario 2)',
      value: seconds / (real.kpis.wallMs / 1000),
      unit: 'sim s / wall s',
      goal: '≥ 100000',
    },
    { name: '  per simulated second', value: perSecondUs, unit: 'µs' },
    { name: '  of which: write one DSMR 5 telegram', value: writeUs, unit: 'µs' },
    { name: '  of which: decode it', value: decodeUs, unit: 'µs' },
    {
      name: '  of which: the world, breakers and scorecard (uncontrolled run)',
      value: (world.kpis.wallMs * 1000) / seconds,
      unit: 'µs',
    },
    {
      name: '  of which: allocate() and the drivers (the rest)',
      value: perSecondUs - writeUs - decodeUs - (world.kpis.wallMs * 1000) / seconds,
      unit: 'µs',
    },
    {
      name: 'a year of scenario 2 at this rate',
      value: (365 * 86_400 * perSecondUs) / 1e6 / 60,
      unit: 'min',
    },
  ];
}
