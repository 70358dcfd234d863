// One allocate() benchmark site in a process of its own, as a daemon runs it: the compiled
// JavaScript in dist/ (bench/compiled.ts), without tsx's loader, and a heap that holds this one
// site rather than every size of the in-process bench. Reads the site's configuration and its
// inputs from a JSON file (made by bench/allocate-scaling.bench.ts from bench/allocate-sites.ts),
// runs 50 untimed cycles, then times `cycles` one second apart. Prints {p10, p50, p90} in ms.
// Under --trace-deopt it also prints a line when the warm-up is over (allocate-scaling.bench.ts).
import { readFileSync } from 'node:fs';
import { allocate, topologyOf } from '../dist/core/allocate.js';

const [file, cyclesArg] = process.argv.slice(2);
const data = JSON.parse(readFileSync(file, 'utf8'));
const site = data.site;
// Each device's input made again as the bench's sites make it (an object literal and its array,
// in topology order), not left as JSON.parse built it: the cycle reads them, and a caller builds
// its inputs in code too.
const inputs = data.inputs.map((variant) => {
  const devices = {};
  for (const [id, input] of Object.entries(variant.devices)) {
    devices[id] = { ...input, ...(input.measuredA ? { measuredA: [...input.measuredA] } : {}) };
  }
  return { ...variant, devices };
});
const topology = topologyOf(site);
const cycles = Number(cyclesArg);
const WARM = 50;
const MARK = process.execArgv.includes('--trace-deopt');
const WARM_DONE = 'allocate-child: warm-up done';
let state = { lastMs: null, devices: {}, quarter: null, month: null };
let nowMs = Date.parse('2026-11-24T18:00:00+01:00');
const times = new Float64Array(cycles);
for (let i = 0; i < WARM + cycles; i++) {
  const started = process.hrtime.bigint();
  const result = allocate(topology, inputs[i % inputs.length], state, (nowMs += 1000));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  state = result.state;
  if (i >= WARM) times[i - WARM] = ms;
  // Under --trace-deopt (allocate-scaling.bench.ts), the deoptimizations after this line are the
  // timed cycles' (V8 writes its trace to stdout too).
  if (i === WARM - 1 && MARK) console.log(WARM_DONE);
}
times.sort();
const at = (q) => times[Math.floor(q * (cycles - 1))];
console.log(JSON.stringify({ p10: at(0.1), p50: at(0.5), p90: at(0.9) }));
