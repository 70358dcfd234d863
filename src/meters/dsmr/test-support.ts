// Helpers for the decoder's tests, fuzz script and benchmark: the shared telegram fixtures, their
// INDEX.tsv, and decoding a byte stream in a given chunking.
import { readFileSync } from 'node:fs';
import type { Reading } from '../../model/reading.js';
import { createP1Decoder } from './decoder.js';
import type { DecodeEvent, P1Counters, P1DecoderOptions, P1Error } from './types.js';

/** The shared fixtures (CI clones the repository with shared/ beside it). */
export const TELEGRAMS = new URL('../../../../shared/fixtures/telegrams/', import.meta.url);

/** The Smarty test vector's published key (openhab SmartyDecrypterTest). */
export const SMARTY_TEST_KEY = Buffer.from('D491470F47126332B07D1923B3504188', 'hex');

export function fixture(name: string): Buffer {
  return readFileSync(new URL(name, TELEGRAMS));
}

export interface IndexRow {
  file: string;
  source: string;
  dialect: string;
  meterMake: string;
  hasCrc: string;
  crcValid: string;
  /** The "key=value" facts after the last "|" of the notes column (ts, P+, I, U, mbus1, …). */
  facts: Map<string, string>;
}

export function readIndex(): IndexRow[] {
  const lines = readFileSync(new URL('INDEX.tsv', TELEGRAMS), 'utf8').split('\n').filter(Boolean);
  return lines.slice(1).map((line) => {
    const [file, source, dialect, meterMake, hasCrc, crcValid, notes = ''] = line.split('\t') as string[];
    const facts = new Map<string, string>();
    const tail = notes.slice(notes.lastIndexOf('|') + 1);
    for (const part of tail.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) facts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    return {
      file: file!,
      source: source!,
      dialect: dialect!,
      meterMake: meterMake!,
      hasCrc: hasCrc!,
      crcValid: crcValid!,
      facts,
    };
  });
}

export interface Decoded {
  events: DecodeEvent[];
  readings: Reading[];
  errors: P1Error[];
  counters: P1Counters;
}

/** Decodes `bytes` cut at the given offsets (any order, duplicates fine), then end(). */
export function decodeAll(bytes: Uint8Array, options: P1DecoderOptions = {}, cuts: number[] = []): Decoded {
  const decoder = createP1Decoder(options);
  const events: DecodeEvent[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= from || cut >= bytes.length) continue;
    events.push(...decoder.push(bytes.subarray(from, cut)));
    from = cut;
  }
  events.push(...decoder.push(bytes.subarray(from)), ...decoder.end());
  return {
    events,
    readings: events.flatMap((e) => (e.type === 'reading' ? [e.reading] : [])),
    errors: events.flatMap((e) => (e.type === 'error' ? [e.error] : [])),
    counters: decoder.counters,
  };
}

/** A comparable summary of events: readings in full, errors by kind, offset and line. */
export function summarize(events: DecodeEvent[]): unknown[] {
  return events.map((e) =>
    e.type === 'reading'
      ? { reading: e.reading, offset: e.offset, bytes: e.bytes }
      : { error: e.error.kind, offset: e.error.offset, line: e.error.line },
  );
}

export type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'splice'; at: number; from: number; length: number };

/** Byte strings that mean something to the framer, for insertions. */
export const MUTATION_TOKENS: readonly Buffer[] = [
  '/',
  '!',
  '\r\n',
  '\r',
  '\n',
  '(',
  ')',
  '/ISK5',
  '!1234',
  '\0',
  '\xff',
  '\xdb\x08',
  '*kW',
].map((t) => Buffer.from(t, 'latin1'));

/** Applies mutations in order; positions wrap around the current length. */
export function mutate(input: Buffer, mutations: readonly Mutation[]): Buffer {
  let b = input;
  for (const m of mutations) {
    const at = m.at % (b.length + 1);
    if (m.kind === 'flip' && at < b.length) {
      b = Buffer.from(b);
      b[at] = b[at]! ^ (1 << m.bit);
    } else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
    else if (m.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
    else if (m.kind === 'splice') {
      const from = m.from % (b.length + 1);
      b = Buffer.concat([b.subarray(0, at), b.subarray(from, from + m.length), b.subarray(at)]);
    }
  }
  return b;
}

/** A bitwise CRC-16/ARC from the polynomial, independent of the table-driven ones: the tests' oracle. */
export function crcBitwise(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}
