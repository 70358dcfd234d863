// The simulator benchmark's measurement, in a process of its own without tsx's loader (which
// would also transform the compiled JavaScript it imports): dist/ as `npx ampshare simulate` runs
// it. Prints one JSON object; bench/simulate.bench.ts reports it.
import { createP1Decoder } from '../dist/meters/dsmr/index.js';
import { localToUtcMs, runCalendar } from '../dist/sim/calendar.js';
import { runScenario } from '../dist/sim/engine.js';
import { SimMeter } from '../dist/sim/meter.js';
import { loadScenario } from '../dist/sim/scenario/load.js';

const [file, start, days, weekDays] = process.argv.slice(2);
const scenario = loadScenario(file);
// Each window once untimed first: a first run in a process is 25–45 % slower while the JIT settles.
const run = (policy, d) => {
  runScenario(scenario, { policy, start, days: d });
  return runScenario(scenario, { policy, start, days: d });
};
const real = run('ampshare', Number(days));
const world = run('uncontrolled', Number(days));
const week = run('ampshare', Number(weekDays));

// The telegram path alone, on the kind of telegram the run writes: 16 different ones, after a warm-up.
const cal = runCalendar(localToUtcMs(start, 'Europe/Amsterdam'), 3600, 'Europe/Amsterdam');
const meter = new SimMeter({ dialect: 'dsmr50', network: 'tn', voltageV: 230, phases: 3, cal });
const decoder = createP1Decoder();
const n = 100_000;
const write = (i) => meter.telegram(i % 3600, [10 + (i % 7), 12, 8], [10, 12, 8], 6900 + (i % 13));
for (let i = 0; i < n / 5; i++) write(i);
let t0 = performance.now();
for (let i = 0; i < n; i++) write(i);
const writeUs = ((performance.now() - t0) * 1000) / n;
// Copies: the writer may hand out the same buffer each time.
const telegrams = Array.from({ length: 16 }, (_, i) => Buffer.from(write(i)));
for (let i = 0; i < n / 5; i++) decoder.push(telegrams[i & 15]);
t0 = performance.now();
for (let i = 0; i < n; i++) decoder.push(telegrams[i & 15]);
const decodeUs = ((performance.now() - t0) * 1000) / n;

process.stdout.write(
  JSON.stringify({
    seconds: real.kpis.simulatedSeconds,
    realWallMs: real.kpis.wallMs,
    worldWallMs: world.kpis.wallMs,
    weekSeconds: week.kpis.simulatedSeconds,
    weekWallMs: week.kpis.wallMs,
    writeUs,
    decodeUs,
  }),
);
