// Two builds of the allocator, A and B, on one site: each in a worker thread of its own (its own
// heap and JIT), taking turns cycle by cycle and never running at once, so that the phase of a
// shared machine (whose speed moved 2-4x within minutes on the VM of docs/benchmarks.md) hits both
// alike. Prints both p50s and the median of the per-cycle ratios B/A.
//
//   node bench/allocate-duel.mjs <dist A> <dist B> <site.json> [cycles]
//
// A dist is a directory compiled from src/ (npx tsc -p tsconfig.build.json; for an older commit, a
// `git worktree` of it). site.json is what bench/allocate-child.mjs reads, written by
// `npx tsx bench/allocate-site-file.ts <home|hard> <devices> <site.json>`. The worker that goes
// first runs a little slower or faster by position alone (up to about 5 % here), so run each pair
// both ways (A B, then B A) and take the square root of the ratio of the two ratios. Two copies of
// one build read 0.97 and 1.02 that way (docs/benchmarks.md, session 10): a few percent needs eight
// or more pairs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const WARM = 50;

if (isMainThread) {
  const [a, b, file, cyclesArg = '300'] = process.argv.slice(2);
  if (!a || !b || !file) {
    console.error('usage: node bench/allocate-duel.mjs <dist A> <dist B> <site.json> [cycles]');
    process.exit(2);
  }
  const cycles = Number(cyclesArg);
  const turn = new Int32Array(new SharedArrayBuffer(4));
  const run = (dist, id) =>
    new Promise((done, fail) => {
      const worker = new Worker(new URL(import.meta.url), {
        workerData: { dist: resolve(dist), id, file, cycles, turn },
      });
      worker.on('message', done);
      worker.on('error', fail);
    });
  const [ta, tb] = await Promise.all([run(a, 1), run(b, 2)]);
  const at = (xs, q) => [...xs].sort((x, y) => x - y)[Math.floor(q * (xs.length - 1))];
  const ratios = ta.map((x, i) => tb[i] / x);
  console.log(JSON.stringify({ p50A: at(ta, 0.5), p50B: at(tb, 0.5), ratioBA: at(ratios, 0.5), cycles }));
} else {
  const { dist, id, file, cycles, turn } = workerData;
  const { allocate, topologyOf } = await import(pathToFileURL(`${dist}/core/allocate.js`).href);
  const data = JSON.parse(readFileSync(file, 'utf8'));
  // As bench/allocate-child.mjs: each input made again in code, in topology order.
  const inputs = data.inputs.map((variant) => {
    const devices = {};
    for (const [key, input] of Object.entries(variant.devices)) {
      devices[key] = { ...input, ...(input.measuredA ? { measuredA: [...input.measuredA] } : {}) };
    }
    return { ...variant, devices };
  });
  const topology = topologyOf(data.site);
  let state = { lastMs: null, devices: {}, quarter: null, month: null };
  let nowMs = Date.parse('2026-11-24T18:00:00+01:00');
  const times = [];
  if (id === 1) Atomics.store(turn, 0, 1);
  for (let i = 0; i < WARM + cycles; i++) {
    while (Atomics.load(turn, 0) !== id) Atomics.wait(turn, 0, Atomics.load(turn, 0), 50);
    const started = process.hrtime.bigint();
    state = allocate(topology, inputs[i % inputs.length], state, (nowMs += 1000)).state;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (i >= WARM) times.push(ms);
    Atomics.store(turn, 0, id === 1 ? 2 : 1);
    Atomics.notify(turn, 0);
  }
  parentPort.postMessage(times);
}
