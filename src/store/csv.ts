// CSV export (RFC 4180: CRLF line ends, a field with a comma, quote, CR or LF is quoted and its
// quotes doubled). Lines come lazily, read a page at a time with complete statements, so a long
// export never holds a cursor open on the connection the control loop writes through.
import { RESOLUTIONS, type Resolution } from '../model/history.js';
import { localTime } from '../model/local-time.js';
import { foldRows } from './derived.js';
import type { HistoryReader } from './queries.js';
import { BUCKET_MS, isKept } from './rows.js';
import { bucketStartMs, nextBucketStartMs } from './buckets.js';
import type { SampleRow } from './sample.js';

export type CsvKind = 'samples' | 'sessions' | 'events';
export const CSV_KINDS: readonly CsvKind[] = ['samples', 'sessions', 'events'];

export interface CsvQuery {
  /** Samples only; default minute. */
  resolution?: Resolution;
  /** Default: from the beginning. */
  fromMs?: number;
  /** Default: to the end. */
  toMs?: number;
}

const PAGE = 2000;
/** The end of time as far as a Date can tell (9999-12-31). */
const END_MS = Date.UTC(9999, 11, 31);

/** One field, quoted when it must be. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: (string | number | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Rounded for people; -0 prints as 0. */
const round = (x: number | null | undefined, decimals: number): number | null =>
  x === null || x === undefined ? null : Number(x.toFixed(decimals)) + 0;

const iso = (tMs: number | null): string | null => (tMs === null ? null : new Date(tMs).toISOString());

function wallClock(tMs: number | null, timeZone: string): string | null {
  if (tMs === null) return null;
  const t = localTime(tMs, timeZone);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${t.year}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}:${two(t.second)}`;
}

export const SAMPLE_COLUMNS = [
  'time',
  'localTime',
  'seconds',
  'importW',
  'exportW',
  'pvW',
  'L1A',
  'L2A',
  'L3A',
  'L1MaxA',
  'L2MaxA',
  'L3MaxA',
  'limitA',
  'importKWh',
  'exportKWh',
] as const;

function sampleLine(row: SampleRow, devices: string[], timeZone: string): string {
  return csvLine([
    iso(row.tMs),
    wallClock(row.tMs, timeZone),
    row.n,
    round(row.importW, 1),
    round(row.exportW, 1),
    round(row.pvW, 1),
    ...[0, 1, 2].map((i) => round(row.phaseA[i], 3)),
    ...[0, 1, 2].map((i) => round(row.phaseMaxA[i], 3)),
    round(row.limitA, 3),
    round(row.importKWh, 6),
    round(row.exportKWh, 6),
    ...devices.map((id) => round(row.devicesW[id], 1)),
  ]);
}

function* samples(reader: HistoryReader, query: Required<CsvQuery>, timeZone: string): Generator<string> {
  const { resolution, fromMs, toMs } = query;
  if (isKept(resolution)) {
    let cursor = Math.floor(fromMs / BUCKET_MS[resolution]) * BUCKET_MS[resolution];
    const devices = reader.deviceIds(cursor, toMs);
    yield csvLine([...SAMPLE_COLUMNS, ...devices.map((id) => `devicesW.${id}`)]);
    for (;;) {
      const rows = reader.rows(resolution, cursor, toMs, PAGE);
      for (const row of rows) yield sampleLine(row, devices, timeZone);
      const last = rows[rows.length - 1];
      if (!last || rows.length < PAGE) return;
      cursor = last.tMs + 1;
    }
  }
  // Hour, day and month buckets, folded a few hundred at a time over the span that has data.
  const extent = reader.quarterExtent();
  const next = (tMs: number): number => nextBucketStartMs(tMs, resolution, timeZone);
  let cursor = Math.max(
    bucketStartMs(fromMs, resolution, timeZone),
    bucketStartMs(extent?.firstMs ?? toMs, resolution, timeZone),
  );
  const endMs = Math.min(next(bucketStartMs(toMs - 1, resolution, timeZone)), extent ? extent.lastMs + 1 : 0);
  const devices = reader.deviceIds(cursor, endMs);
  yield csvLine([...SAMPLE_COLUMNS, ...devices.map((id) => `devicesW.${id}`)]);
  while (cursor < endMs) {
    let chunkEndMs = cursor;
    for (let k = 0; k < 500 && chunkEndMs < endMs; k++) chunkEndMs = next(chunkEndMs);
    const rows = foldRows(reader.rows('quarter', cursor, chunkEndMs), resolution, timeZone);
    for (const row of rows) yield sampleLine(row, devices, timeZone);
    cursor = chunkEndMs;
  }
}

function* sessions(reader: HistoryReader, query: Required<CsvQuery>, timeZone: string): Generator<string> {
  yield csvLine([
    'id',
    'deviceId',
    'start',
    'end',
    'localStart',
    'localEnd',
    'energyKWh',
    'solarShare',
    'maxPowerW',
  ]);
  let afterId = 0;
  for (;;) {
    const page = reader.sessionsPage(query.fromMs, query.toMs, afterId, PAGE);
    for (const s of page) {
      yield csvLine([
        s.id,
        s.deviceId,
        iso(s.startMs),
        iso(s.endMs),
        wallClock(s.startMs, timeZone),
        wallClock(s.endMs, timeZone),
        round(s.energyKWh, 4),
        round(s.solarShare, 4),
        round(s.maxPowerW, 1),
      ]);
    }
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) return;
    afterId = last.id;
  }
}

function* events(reader: HistoryReader, query: Required<CsvQuery>, timeZone: string): Generator<string> {
  yield csvLine(['id', 'time', 'localTime', 'type', 'message', 'data']);
  let afterId = 0;
  for (;;) {
    const page = reader.eventsPage(query.fromMs, query.toMs, afterId, PAGE);
    for (const e of page) {
      yield csvLine([
        e.id,
        iso(e.atMs),
        wallClock(e.atMs, timeZone),
        e.type,
        e.message,
        JSON.stringify(e.data),
      ]);
    }
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) return;
    afterId = last.id;
  }
}

const WRITERS = { samples, sessions, events };

/** The CSV of `kind` as lines, each ending in CRLF, the header first. */
export function csvLines(
  reader: HistoryReader,
  kind: CsvKind,
  query: CsvQuery,
  timeZone: string,
): Iterable<string> {
  const writer = WRITERS[kind];
  if (!writer) throw new RangeError(`unknown export "${String(kind)}" (samples, sessions or events)`);
  if (query.resolution !== undefined && !RESOLUTIONS.includes(query.resolution)) {
    throw new RangeError(`unknown resolution "${String(query.resolution)}" (${RESOLUTIONS.join(', ')})`);
  }
  const full: Required<CsvQuery> = {
    resolution: query.resolution ?? 'minute',
    fromMs: Math.max(0, query.fromMs ?? 0),
    toMs: Math.min(END_MS, query.toMs ?? END_MS),
  };
  return writer(reader, full, timeZone);
}
