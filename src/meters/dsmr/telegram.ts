// One telegram's text (from "/" up to its "!") to a Reading. Lines are scanned byte by byte, once:
// `A-B:C.D.E[*F](value)(value)…` CRLF (DSMR 5.0.2 §6.4, §6.12). Objects come in any order
// (§6.13); a line starting with "(" continues the previous object (DSMR 2.2/3.0 24.3.0 sends its
// value on the next line). Blank lines may sit anywhere (Kamstrup 2.2 has none after the header;
// some Austrian meters add one before "!"). Unknown codes are skipped; a malformed line is a syntax
// error, because without a CRC (DSMR 2.2/3.0) that is the only sign of a damaged telegram.
import type { CrcStatus, Reading } from '../../model/reading.js';
import { buildReading } from './build.js';
import { TelegramFields, applyObject, type Groups } from './fields.js';
import { OBIS_BY_ID, obisId, type CompiledEntry } from './obis.js';
import { RepeatCache, latin1 } from './values.js';

const LF = 0x0a;
const CR = 0x0d;
const OPEN = 0x28;
const CLOSE = 0x29;
/** More value groups than this on one object are ignored (98.1.0 with 13 months has 42). */
const MAX_GROUPS = 512;

export type ParseResult =
  | {
      ok: true;
      reading: Reading;
      /** The telegram declares DSMR ≥ 4.0 or e-MUCS, dialects that always carry a CRC. */
      declaresCrc: boolean;
      /** Object lines seen (known or not). */
      objects: number;
      /** The text ends with a line feed: its last line is whole. */
      complete: boolean;
    }
  | { ok: false; line: number; message: string };

// Parsing is synchronous and never re-entered, so one set of scratch state serves every decoder.
const fields = new TelegramFields();
const groups: Groups = { start: new Int32Array(MAX_GROUPS), end: new Int32Array(MAX_GROUPS), count: 0 };
const idParts = new Int32Array(6);
/**
 * The OBIS lookup of each line number in the last telegrams: a meter sends the same objects in the
 * same order every second, so the id on line n is nearly always the one seen there before, and a
 * compare replaces a Map lookup (35 a telegram; the table never changes, so this returns the same).
 */
const LINE_CACHE = 128;
const lineIds = new Int32Array(LINE_CACHE).fill(-2);
const lineEntries: Array<CompiledEntry | undefined> = new Array<CompiledEntry | undefined>(LINE_CACHE).fill(
  undefined,
);

function lookup(line: number, id: number): CompiledEntry | undefined {
  if (line >= LINE_CACHE) return OBIS_BY_ID.get(id);
  if (lineIds[line] === id) return lineEntries[line];
  const entry = OBIS_BY_ID.get(id);
  lineIds[line] = id;
  lineEntries[line] = entry;
  return entry;
}
const headers = new RepeatCache();

function fail(line: number, message: string): ParseResult {
  return { ok: false, line, message };
}

function describeByte(c: number): string {
  return c >= 0x20 && c < 0x7f ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

/**
 * Parses bytes[start, end): start is the "/", end the "!" (or where an unterminated telegram stops).
 * Never throws.
 */
export function parseTelegram(b: Uint8Array, start: number, end: number, crc: CrcStatus): ParseResult {
  fields.reset();
  let i = start + 1;
  while (i < end && b[i] !== LF) i++;
  const header = headers.get(b, start + 1, i > start + 1 && b[i - 1] === CR ? i - 1 : i, latin1) ?? '';
  i++;
  let line = 1;
  let objects = 0;
  let entry: CompiledEntry | undefined;
  let channel = 0;
  let inObject = false;

  while (i < end) {
    line++;
    let c = b[i]!;
    if (c === LF || (c === CR && (i + 1 === end || b[i + 1] === LF))) {
      i += c === CR ? 2 : 1; // blank line
      continue;
    }
    let k = i;
    if (c !== OPEN) {
      if (inObject && entry !== undefined) applyObject(fields, entry, channel, b, groups);
      // The reduced OBIS id: A-B:C.D.E, optionally *F or .F. Anything else is an unknown object.
      let part = 0;
      let value = 0;
      let digits = 0;
      let wellFormed = true;
      for (; k < end; k++) {
        c = b[k]!;
        // Digits first: they are most of the id, and none of the bytes tested below.
        if (c >= 0x30 && c <= 0x39) {
          value = value * 10 + c - 0x30;
          digits++;
          continue;
        }
        if (c === OPEN || c === LF || c === CR) break;
        if (c < 0x20 || c === CLOSE)
          return fail(line, `${describeByte(c)} before the first "(" of an object`);
        const expected = part === 0 ? 0x2d : part === 1 ? 0x3a : part < 4 ? 0x2e : part === 4 ? 0x2a : -1;
        if (digits > 0 && value < 256 && (c === expected || (part === 4 && c === 0x2e)))
          idParts[part++] = value;
        else wellFormed = false;
        value = 0;
        digits = 0;
      }
      if (k === end || b[k] !== OPEN) return fail(line, 'object line without "("');
      wellFormed &&= digits > 0 && value < 256 && (part === 4 || part === 5);
      idParts[part] = value;
      entry = undefined;
      if (wellFormed) {
        channel = idParts[1]!;
        const candidate = lookup(line, obisId(idParts[0]!, idParts[2]!, idParts[3]!, idParts[4]!));
        if (candidate !== undefined && (candidate.b === -1 || candidate.b === channel)) entry = candidate;
      }
      inObject = true;
      objects++;
      groups.count = 0;
    } else if (!inObject) {
      return fail(line, 'a value line with no object before it');
    }
    // Value groups: (…)(…)…, no nesting, on this line.
    while (k < end && b[k] === OPEN) {
      const s = ++k;
      for (; k < end; k++) {
        c = b[k]!;
        // Every byte above ")" (digits, ".", "*", letters) goes on: one compare for nearly all.
        if (c > CLOSE) continue;
        if (c === CLOSE || c === LF || c === CR) break;
        if (c < 0x20 || c === OPEN) return fail(line, `${describeByte(c)} inside "(…)"`);
      }
      if (k === end || b[k] !== CLOSE) return fail(line, '"(" without ")"');
      if (groups.count < MAX_GROUPS) {
        groups.start[groups.count] = s;
        groups.end[groups.count] = k;
        groups.count++;
      }
      k++;
    }
    while (k < end && b[k] === 0x20) k++;
    if (k < end && b[k] === CR) k++;
    if (k < end) {
      if (b[k] !== LF) return fail(line, `${describeByte(b[k]!)} after ")"`);
      k++;
    }
    i = k;
  }
  if (inObject && entry !== undefined) applyObject(fields, entry, channel, b, groups);

  return {
    ok: true,
    reading: buildReading(fields, header, crc),
    declaresCrc: fields.declaresCrc,
    objects,
    complete: end > start && (b[end - 1] === LF || b[end - 1] === CR),
  };
}

/** 1-based line number of bytes[pos] in a telegram starting at `start` (for error messages). */
export function lineAt(b: Uint8Array, start: number, pos: number): number {
  let line = 1;
  for (let i = start; i < pos; i++) if (b[i] === LF) line++;
  return line;
}
