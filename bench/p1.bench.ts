// P1 decoder throughput on the real 566-telegram AM550 capture: bytes → framed, CRC-checked,
// parsed Readings, on one core. The control loop needs 1 telegram/s; the goal is headroom for
// replaying recordings and simulating many sites (≥ 100,000 telegrams/s).
import { createP1Decoder } from '../src/meters/dsmr/decoder.js';
import { Framer, type FramerSink } from '../src/meters/dsmr/framer.js';
import { fixture } from '../src/meters/dsmr/test-support.js';
import type { BenchResult } from './types.js';

const capture = fixture('basjes_stream_dsmr50_566.txt');
const TELEGRAMS = 566;

const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const wallSeconds = (): number => performance.now() / 1000;

/**
 * Units per second of `fn` (which handles `unitsPerCall` units): the best of 5 rounds of ~0.4 s
 * after a warm-up. `clock` is CPU time (this process on one core, whatever else the machine runs)
 * or wall time (what a caller sees on this machine now).
 */
function rate(fn: () => void, unitsPerCall: number, clock: () => number): number {
  for (let i = 0; i < 30; i++) fn();
  let best = 0;
  for (let round = 0; round < 5; round++) {
    let calls = 0;
    const start = clock();
    while (clock() - start < 0.4) {
      fn();
      calls++;
    }
    best = Math.max(best, (calls * unitsPerCall) / (clock() - start));
  }
  return best;
}

function decodeCapture(chunkBytes: number): void {
  const decoder = createP1Decoder();
  let readings = 0;
  for (let i = 0; i < capture.length; i += chunkBytes) {
    for (const e of decoder.push(capture.subarray(i, i + chunkBytes))) if (e.type === 'reading') readings++;
  }
  decoder.end();
  if (readings !== TELEGRAMS) throw new Error(`decoded ${readings} readings, expected ${TELEGRAMS}`);
}

export async function bench(): Promise<BenchResult[]> {
  let framed = 0;
  const sink: FramerSink = {
    telegram: () => void framed++,
    unterminated: () => undefined,
    encrypted: () => true,
    oversize: () => undefined,
    frameCut: () => undefined,
  };
  const frameCapture = (): void => {
    framed = 0;
    const framer = new Framer(sink, 16 * 1024);
    framer.push(capture);
    if (framed !== TELEGRAMS) throw new Error(`framed ${framed} telegrams, expected ${TELEGRAMS}`);
  };
  const whole = (): void => decodeCapture(capture.length);
  const serial = (): void => decodeCapture(64);
  return [
    {
      name: 'p1 decode, 566-telegram capture, one push (CPU time)',
      value: rate(whole, TELEGRAMS, cpuSeconds),
      unit: 'telegrams/s',
      goal: '≥ 100,000',
    },
    {
      name: 'p1 decode, 566-telegram capture, one push (wall clock)',
      value: rate(whole, TELEGRAMS, wallSeconds),
      unit: 'telegrams/s',
    },
    {
      name: 'p1 decode, 64-byte chunks like a serial port (CPU time)',
      value: rate(serial, TELEGRAMS, cpuSeconds),
      unit: 'telegrams/s',
      goal: '≥ 100,000',
    },
    {
      name: 'p1 framer alone (CPU time)',
      value: rate(frameCapture, capture.length / 1e6, cpuSeconds),
      unit: 'MB/s',
    },
  ];
}
