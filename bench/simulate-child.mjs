// The simulator benchmark's measurement, in a process of its own without tsx's loader (which
// would also transform the compiled JavaScript it imports): dist/ as `npx ampshare simulate` runs
// it. Prints one JSON object; bench/simulate.bench.ts reports it.
import { createP1Decoder } from '../dist/meters/dsmr/index.js';
import { localToUtcMs, runCalendar } from '../dist/sim/calendar.js';
import { runScenario } from '../dist/sim/engine.js';
import { SimMeter } from '../dist/sim/meter.js';
import { loadScenario } from '../dist/sim/scenario/load.js';

const [file, start, days] = process.argv.slice(2);
const scenario = loadScenario(file);
runScenario(scenario, { policy: 'ampshare', start, days: 0.02 });
const real = runScenario(scenario, { policy: 'ampshare', start, days: Number(days) });
const world = runScenario(scenario, { policy: 'uncontrolled', start, days: Number(days) });

// The telegram path alone, on the kind of telegram the run writes.
const cal = runCalendar(localToUtcMs(start, 'Europe/Amsterdam'), 3600, 'Europe/Amsterdam');
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

process.stdout.write(
  JSON.stringify({
    seconds: real.kpis.simulatedSeconds,
    realWallMs: real.kpis.wallMs,
    worldWallMs: world.kpis.wallMs,
    writeUs,
    decodeUs,
  }),
);
