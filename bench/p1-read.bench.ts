// The reader's own cost on top of the decoder: a recorded DSMR 5 stream through FileSource →
// P1Reader → Readings, as fast as possible. A meter sends one telegram a second; the margin is
// what a Raspberry Pi has left for everything else.
import { createP1Decoder } from '../src/meters/dsmr/index.js';
import { FileSource, P1Reader } from '../src/meters/sources/index.js';
import type { BenchResult } from './types.js';

const CAPTURE = new URL('../../shared/fixtures/telegrams/basjes_stream_dsmr50_566.txt', import.meta.url)
  .pathname;

async function readOnce(): Promise<number> {
  const reader = new P1Reader({
    source: new FileSource({ path: CAPTURE }),
    decoder: createP1Decoder({}),
    watchdog: false,
  });
  let readings = 0;
  reader.on((event) => {
    if (event.type === 'reading') readings += 1;
  });
  reader.start();
  await reader.done;
  return readings;
}

export async function bench(): Promise<BenchResult[]> {
  await readOnce();
  const rounds = 10;
  const started = process.hrtime.bigint();
  let readings = 0;
  for (let i = 0; i < rounds; i += 1) readings += await readOnce();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return [
    {
      name: 'p1 read: file → reader → Readings (566-telegram DSMR 5 capture)',
      value: readings / seconds,
      unit: 'telegrams/s',
      goal: '≥ 1000',
    },
  ];
}
