// `npm run fuzz [-- --iterations N --seed S]`: feeds mutated fixture telegrams to the P1 decoder
// and fails on any exception out of it (or caught inside it), or a broken invariant: a Reading
// from a telegram whose CRC does not verify (non-lenient), or a number that is NaN or infinite.
// Inputs that fail are written to artifacts/ so a test can replay them.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { crc16 } from '../src/meters/dsmr/crc.js';
import { INTERNAL_ERROR, createP1Decoder } from '../src/meters/dsmr/decoder.js';
import {
  MUTATION_TOKENS,
  SMARTY_TEST_KEY,
  TELEGRAMS,
  fixture,
  mutate,
  type Mutation,
} from '../src/meters/dsmr/test-support.js';
import { P1_ERROR_KINDS, type DecodeEvent, type P1ErrorKind } from '../src/meters/dsmr/types.js';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '20240501' },
  },
});
const iterations = Number(values.iterations);
const seed = Number(values.seed);

/** mulberry32: a small seeded PRNG, so a run can be repeated exactly. */
function prng(s: number): () => number {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(seed);
const int = (n: number): number => Math.floor(random() * n);

// Whole telegrams from every fixture; the 566 capture contributes its first 40.
const sources: Buffer[] = [];
for (const name of readdirSync(TELEGRAMS).filter((f) => /\.(txt|bin)$/.test(f))) {
  const bytes = fixture(name);
  if (!name.includes('566')) sources.push(bytes);
  else {
    let at = bytes.indexOf('\r\n/') + 2;
    for (let i = 0; i < 40; i++) {
      const next = bytes.indexOf('\r\n/', at) + 2;
      sources.push(bytes.subarray(at, next));
      at = next;
    }
  }
}

function randomMutation(length: number): Mutation {
  const at = int(length + 1);
  switch (int(4)) {
    case 0:
      return { kind: 'flip', at, bit: int(8) };
    case 1: {
      const bytes =
        random() < 0.6
          ? MUTATION_TOKENS[int(MUTATION_TOKENS.length)]!
          : Buffer.from(Array.from({ length: 1 + int(16) }, () => int(256)));
      return { kind: 'insert', at, bytes };
    }
    case 2:
      return { kind: 'delete', at, length: 1 + int(random() < 0.8 ? 8 : 600) };
    default:
      return { kind: 'splice', at, from: int(length), length: 1 + int(900) };
  }
}

function checkReading(
  e: Extract<DecodeEvent, { type: 'reading' }>,
  input: Buffer,
  lenient: boolean,
): string | null {
  const r = e.reading;
  const numbers = [r.powerImportW, r.powerExportW, r.tariff, ...r.phases.flatMap((p) => Object.values(p))];
  if (numbers.some((n) => n !== null && !Number.isFinite(n))) return 'a NaN or infinite number';
  if (lenient || r.crc !== 'valid' || input[e.offset] !== 0x2f)
    return r.crc === 'invalid' && !lenient ? 'invalid CRC accepted' : null;
  const frame = input.subarray(e.offset, e.offset + e.bytes);
  const bang = frame.lastIndexOf('!');
  return crc16(frame, 0, bang + 1) === parseInt(frame.toString('latin1', bang + 1), 16)
    ? null
    : 'CRC does not verify';
}

const byKind = Object.fromEntries(P1_ERROR_KINDS.map((k) => [k, 0])) as Record<P1ErrorKind, number>;
let telegrams = 0;
let readings = 0;
let failures = 0;
const started = performance.now();
for (let i = 0; i < iterations; i++) {
  const parts = Array.from({ length: 1 + int(3) }, () => sources[int(sources.length)]!);
  telegrams += parts.length;
  let input: Buffer = Buffer.concat(parts);
  const mutations = Array.from({ length: 1 + int(4) }, () => randomMutation(input.length));
  input = mutate(input, mutations);
  const lenient = random() < 0.2;
  const decoder = createP1Decoder({
    lenient,
    key: random() < 0.8 ? SMARTY_TEST_KEY : undefined,
    maxTelegramBytes: random() < 0.1 ? 256 + int(2048) : undefined,
  });
  const events: DecodeEvent[] = [];
  let problem: string | null = null;
  try {
    let from = 0;
    while (from < input.length) {
      const to = random() < 0.5 ? input.length : from + 1 + int(256);
      events.push(...decoder.push(input.subarray(from, to)));
      if (random() < 0.05) events.push(...decoder.idle());
      from = to;
    }
    events.push(...decoder.end());
  } catch (err) {
    problem = `exception: ${(err as Error).stack ?? String(err)}`;
  }
  for (const e of events) {
    if (e.type === 'error') {
      byKind[e.error.kind]++;
      if (e.error.message.startsWith(INTERNAL_ERROR)) problem ??= e.error.message;
    } else {
      readings++;
      problem ??= checkReading(e, input, lenient);
    }
  }
  if (problem !== null) {
    failures++;
    mkdirSync('artifacts', { recursive: true });
    const file = `artifacts/fuzz-p1-seed${seed}-${i}.bin`;
    writeFileSync(file, input);
    console.error(`iteration ${i} (${file}, lenient ${lenient}): ${problem}`);
    if (failures >= 10) break;
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(
  [
    `fuzz-p1: seed ${seed}, ${iterations.toLocaleString('en')} mutated inputs holding ${telegrams.toLocaleString('en')} telegrams (from ${sources.length} fixtures)`,
    `  ${readings.toLocaleString('en')} readings, errors ${JSON.stringify(byKind)}`,
    `  ${failures} failures (exceptions, internal errors, broken invariants) in ${seconds.toFixed(1)} s`,
    `  (${Math.round(iterations / seconds).toLocaleString('en')} inputs/s)`,
  ].join('\n'),
);
process.exitCode = failures === 0 ? 0 : 1;
