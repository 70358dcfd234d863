// SampleRow ⇄ the columns of samples_second / samples_minute / samples_quarter.
import type { Resolution } from '../model/history.js';
import type { SampleRow } from './sample.js';

export type KeptResolution = Extract<Resolution, 'second' | 'minute' | 'quarter'>;

export const TABLES: Record<KeptResolution, string> = {
  second: 'samples_second',
  minute: 'samples_minute',
  quarter: 'samples_quarter',
};

export const BUCKET_MS: Record<KeptResolution, number> = { second: 1000, minute: 60_000, quarter: 900_000 };

export const isKept = (resolution: Resolution): resolution is KeptResolution => resolution in TABLES;

export interface DbSampleRow {
  t_ms: number;
  n: number;
  import_w: number;
  export_w: number;
  pv_w: number | null;
  l1_a: number | null;
  l2_a: number | null;
  l3_a: number | null;
  l1_max_a: number | null;
  l2_max_a: number | null;
  l3_max_a: number | null;
  limit_a: number;
  import_kwh: number;
  export_kwh: number;
  devices_w: string;
}

const COLUMNS = [
  't_ms',
  'n',
  'import_w',
  'export_w',
  'pv_w',
  'l1_a',
  'l2_a',
  'l3_a',
  'l1_max_a',
  'l2_max_a',
  'l3_max_a',
  'limit_a',
  'import_kwh',
  'export_kwh',
  'devices_w',
] as const;

/** INSERT OR REPLACE of one row (named parameters). */
export function upsertSql(table: string): string {
  return `INSERT OR REPLACE INTO ${table} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`;
}

/** An Infinity limit (a bucket without samples) cannot be stored as REAL; it never is, but stay finite. */
const finite = (x: number): number => (Number.isFinite(x) ? x : 0);

export function toDb(row: SampleRow): DbSampleRow {
  return {
    t_ms: row.tMs,
    n: row.n,
    import_w: row.importW,
    export_w: row.exportW,
    pv_w: row.pvW,
    l1_a: row.phaseA[0] ?? null,
    l2_a: row.phaseA[1] ?? null,
    l3_a: row.phaseA[2] ?? null,
    l1_max_a: row.phaseMaxA[0] ?? null,
    l2_max_a: row.phaseMaxA[1] ?? null,
    l3_max_a: row.phaseMaxA[2] ?? null,
    limit_a: finite(row.limitA),
    import_kwh: row.importKWh,
    export_kwh: row.exportKWh,
    devices_w: JSON.stringify(row.devicesW),
  };
}

/** SELECT of the columns in COLUMNS order, for statements in raw (array) mode: objects cost 3× more. */
export function selectSql(table: string, where: string): string {
  return `SELECT ${COLUMNS.join(', ')} FROM ${table} WHERE ${where}`;
}

type RawRow = [
  number,
  number,
  number,
  number,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number,
  number,
  number,
  string,
];

const present = (a: number | null, b: number | null, c: number | null): number[] =>
  a === null ? [] : b === null ? [a] : c === null ? [a, b] : [a, b, c];

/** A row read by a raw statement of selectSql(). */
export function fromRaw(raw: unknown[]): SampleRow {
  const r = raw as RawRow;
  return {
    tMs: r[0],
    n: r[1],
    importW: r[2],
    exportW: r[3],
    pvW: r[4],
    phaseA: present(r[5], r[6], r[7]),
    phaseMaxA: present(r[8], r[9], r[10]),
    limitA: r[11],
    devicesW: JSON.parse(r[14]) as Record<string, number>,
    importKWh: r[12],
    exportKWh: r[13],
  };
}
