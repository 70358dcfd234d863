// What each OBIS code means for ampshare: ONE declarative table (code → Reading key, kind, unit).
// The parser looks codes up here and nowhere else; docs/p1.md and MQTT discovery can read it too.
// Codes are reduced OBIS "A-B:C.D.E" (DSMR 5.0.2 §6.12). The F group ("*255", ".255": EasyMeter,
// ACE4000, DSMR 4.2.2 example) is ignored. For electricity (A = 1) B is ignored too (XT211 and
// Smarty send "1-1:"), except where the table names a B other than 0 ("1-3:0.2.8"). "0-n:" is an
// M-Bus channel n (DSMR 5.0.2 §7.3: n follows installation order).
import type { Dimension } from './values.js';

export type ObisKind =
  | 'version' // text as sent
  | 'timestamp' // TST
  | 'identifier' // Sn hex → text; `rank` orders the alternatives, lowest wins
  | 'tariff' // integer; E.ON HU sends "TARIFF 1"
  | 'quantity' // number converted to the canonical unit of `dim`
  | 'count' // integer
  | 'text' // Sn hex text message
  | 'monthPeak' // e-MUCS 1-0:1.6.0 (TST)(value), or Iskra IE5T (value)(TST)
  | 'peakHistory' // e-MUCS 0-0:98.1.0 (n)(id)(id) n × (TST)(TST)(value)
  | 'mbusType' // 0-n:24.1.0 device type: 3 gas, 7 water, 4 heat
  | 'mbusValue' // 0-n:24.2.1 / 24.2.3 (TST)(value*unit)
  | 'mbusLegacyValue'; // DSMR 2.2/3.0 0-n:24.3.0 (TST)(..)(..)(..)(id)(unit) + value on the next line

export interface ObisEntry {
  code: string;
  /** Where the value lands in the Reading (a JSON path; "n" is the M-Bus channel). */
  key: string;
  kind: ObisKind;
  dim?: Dimension;
  rank?: number;
}

const q = (code: string, key: string, dim: Dimension): ObisEntry => ({ code, key, kind: 'quantity', dim });

export const OBIS_TABLE: readonly ObisEntry[] = [
  { code: '1-3:0.2.8', key: 'version', kind: 'version' },
  { code: '0-0:96.1.4', key: 'version', kind: 'version' }, // e-MUCS "502YY", not an identifier
  { code: '0-0:1.0.0', key: 'timestamp', kind: 'timestamp' },
  { code: '0-0:96.1.1', key: 'equipmentId', kind: 'identifier', rank: 0 },
  { code: '0-0:96.1.0', key: 'equipmentId', kind: 'identifier', rank: 1 }, // Iskra IE5, E.ON HU
  { code: '0-0:42.0.0', key: 'equipmentId', kind: 'identifier', rank: 2 }, // Smarty (COSEM device name)
  { code: '0-0:96.14.0', key: 'tariff', kind: 'tariff' }, // NL 1 = low; BE 1 = normal (e-MUCS note 2)
  q('1-0:1.8.1', 'energyImportKWh.t1', 'energy'),
  q('1-0:1.8.2', 'energyImportKWh.t2', 'energy'),
  q('1-0:2.8.1', 'energyExportKWh.t1', 'energy'),
  q('1-0:2.8.2', 'energyExportKWh.t2', 'energy'),
  q('1-0:1.8.0', 'energyImportTotalKWh', 'energy'), // LU, AT, SE, LT, HU
  q('1-0:2.8.0', 'energyExportTotalKWh', 'energy'),
  q('1-0:1.7.0', 'powerImportW', 'power'),
  q('1-0:2.7.0', 'powerExportW', 'power'),
  q('1-0:21.7.0', 'phases[0].powerImportW', 'power'),
  q('1-0:41.7.0', 'phases[1].powerImportW', 'power'),
  q('1-0:61.7.0', 'phases[2].powerImportW', 'power'),
  q('1-0:22.7.0', 'phases[0].powerExportW', 'power'),
  q('1-0:42.7.0', 'phases[1].powerExportW', 'power'),
  q('1-0:62.7.0', 'phases[2].powerExportW', 'power'),
  q('1-0:31.7.0', 'phases[0].currentA', 'current'),
  q('1-0:51.7.0', 'phases[1].currentA', 'current'),
  q('1-0:71.7.0', 'phases[2].currentA', 'current'),
  q('1-0:32.7.0', 'phases[0].voltageV', 'voltage'),
  q('1-0:52.7.0', 'phases[1].voltageV', 'voltage'),
  q('1-0:72.7.0', 'phases[2].voltageV', 'voltage'),
  q('1-0:1.4.0', 'capacity.averageDemandW', 'power'), // e-MUCS ≥ 1.7; LT
  { code: '1-0:1.6.0', key: 'capacity.monthPeakW', kind: 'monthPeak' },
  { code: '0-0:98.1.0', key: 'capacity.history', kind: 'peakHistory' },
  { code: '0-0:96.7.21', key: 'powerFailures', kind: 'count' },
  { code: '0-0:96.7.9', key: 'longPowerFailures', kind: 'count' },
  { code: '0-0:96.13.0', key: 'text', kind: 'text' },
  { code: '0-n:24.1.0', key: 'mbus[n].type', kind: 'mbusType' },
  { code: '0-n:24.2.1', key: 'mbus[n].value', kind: 'mbusValue' },
  { code: '0-n:24.2.3', key: 'mbus[n].value', kind: 'mbusValue' }, // BE gas, not temperature-corrected
  { code: '0-n:24.3.0', key: 'mbus[n].value', kind: 'mbusLegacyValue' },
];

/** A table entry compiled for lookup; quantities get a slot in the parser's number array. */
export interface CompiledEntry extends ObisEntry {
  /** B required, or -1: any B (electricity, or the M-Bus channel). */
  b: number;
  slot: number;
}

/** Numeric id of A, C, D, E: what the parser computes from a line's bytes. -1 when out of range. */
export function obisId(a: number, c: number, d: number, e: number): number {
  return a < 64 && c < 256 && d < 256 && e < 256 ? ((a * 256 + c) * 256 + d) * 256 + e : -1;
}

const QUANTITY_KEYS = [...new Set(OBIS_TABLE.filter((e) => e.kind === 'quantity').map((e) => e.key))];
export const QUANTITY_SLOTS = QUANTITY_KEYS.length;

/** The parser's slot for a quantity key of the table, e.g. slotOf('powerImportW'). */
export function slotOf(key: string): number {
  const slot = QUANTITY_KEYS.indexOf(key);
  if (slot < 0) throw new Error(`no quantity "${key}" in the OBIS table`);
  return slot;
}

function compile(): Map<number, CompiledEntry> {
  const out = new Map<number, CompiledEntry>();
  for (const entry of OBIS_TABLE) {
    const m = /^(\d+)-(\d+|n):(\d+)\.(\d+)\.(\d+)$/.exec(entry.code);
    if (!m) throw new Error(`bad OBIS code in table: ${entry.code}`);
    const [a, b, c, d, e] = [m[1], m[2], m[3], m[4], m[5]].map((x) => (x === 'n' ? -1 : Number(x)));
    const id = obisId(a!, c!, d!, e!);
    if (out.has(id)) throw new Error(`duplicate OBIS code in table: ${entry.code}`);
    const anyB = b === -1 || (a === 1 && b === 0);
    out.set(id, { ...entry, b: anyB ? -1 : b!, slot: entry.kind === 'quantity' ? slotOf(entry.key) : -1 });
  }
  return out;
}

export const OBIS_BY_ID: ReadonlyMap<number, CompiledEntry> = compile();
