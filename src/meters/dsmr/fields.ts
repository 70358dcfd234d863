// What one telegram said, gathered object by object before it becomes a Reading (build.ts).
// Each table kind (obis.ts) has one interpretation here, reading the value groups' bytes.
import type { CapacityHistoryEntry } from '../../model/reading.js';
import { QUANTITY_SLOTS, type CompiledEntry } from './obis.js';
import { parseTimestamp, readTst, type Tst } from './timestamp.js';
import {
  latin1,
  readIdentifier,
  readInteger,
  readQuantity,
  readText,
  readTrailingInteger,
  RepeatCache,
  unitDimension,
} from './values.js';

const identifiers = new RepeatCache();

export interface MbusChannel {
  channel: number;
  /** 24.1.0 device type (3 gas, 7 water, 4 heat), null when not sent or empty. */
  type: number | null;
  /** In m3; NaN when absent or in another unit (heat in GJ). */
  m3: number;
  at: string | null;
}

/** Value groups of the current object: bytes[start[i], end[i]) for i < count. */
export interface Groups {
  start: Int32Array;
  end: Int32Array;
  count: number;
}

export class TelegramFields {
  /** Quantities by table slot (obis.ts slotOf), canonical units; NaN = not sent or not a number. */
  readonly q = new Float64Array(QUANTITY_SLOTS);
  version: string | null = null;
  /** The telegram says it is DSMR ≥ 4.0 or e-MUCS: such meters always send a CRC. */
  declaresCrc = false;
  timestamp: string | null = null;
  equipmentId: string | null = null;
  equipmentIdRank = Infinity;
  tariff = NaN;
  powerFailures = NaN;
  longPowerFailures = NaN;
  text: string | null = null;
  monthPeakSeen = false;
  monthPeakW = NaN;
  monthPeakAt: string | null = null;
  history: CapacityHistoryEntry[] | null = null;
  mbus: MbusChannel[] = [];

  reset(): void {
    this.q.fill(NaN);
    this.version = null;
    this.declaresCrc = false;
    this.timestamp = null;
    this.equipmentId = null;
    this.equipmentIdRank = Infinity;
    this.tariff = NaN;
    this.powerFailures = NaN;
    this.longPowerFailures = NaN;
    this.text = null;
    this.monthPeakSeen = false;
    this.monthPeakW = NaN;
    this.monthPeakAt = null;
    this.history = null;
    this.mbus = [];
  }

  channel(n: number): MbusChannel {
    for (const ch of this.mbus) if (ch.channel === n) return ch;
    const ch: MbusChannel = { channel: n, type: null, m3: NaN, at: null };
    this.mbus.push(ch);
    return ch;
  }
}

function isTstShape(b: Uint8Array, s: number, e: number): boolean {
  if (e - s !== 12 && e - s !== 13) return false;
  for (let i = s; i < s + 12; i++) if (b[i]! < 0x30 || b[i]! > 0x39) return false;
  return true;
}

/** "YYYY-MM" of the month that a 98.1.0 entry's first TST closes: 231101000000W closes 2023-10. */
function monthClosedBy(t: Tst): string {
  const atMidnightOfFirst = t.day === 1 && t.hour === 0 && t.minute === 0 && t.second === 0;
  let { year, month } = t;
  if (atMidnightOfFirst && --month === 0) {
    month = 12;
    year--;
  }
  return `${year}-${month < 10 ? '0' : ''}${month}`;
}

/** Whether group k reads like an OBIS code ("1-0:1.6.0"). */
function isObisText(b: Uint8Array, g: Groups, k: number): boolean {
  for (let i = g.start[k]!; i < g.end[k]!; i++) if (b[i] === 0x3a) return true;
  return false;
}

/** e-MUCS 0-0:98.1.0(n)(1-0:1.6.0)(1-0:1.6.0) + n × (TST month)(TST peak)(value*kW); null when the
 * object has another shape (E.ON HU: a billing snapshot under the same code). XT211 sends `(12)`
 * alone: an empty history. */
function peakHistory(b: Uint8Array, g: Groups): CapacityHistoryEntry[] | null {
  const n = readInteger(b, g.start[0]!, g.end[0]!);
  if (Number.isNaN(n)) return null;
  if (g.count === 1) return [];
  if (g.count < 3 || !isObisText(b, g, 1) || !isObisText(b, g, 2)) return null;
  const entries = Math.min(n, Math.floor((g.count - 3) / 3));
  const out: CapacityHistoryEntry[] = [];
  for (let k = 0, i = 3; k < entries; k++, i += 3) {
    const closes = readTst(b, g.start[i]!, g.end[i]!);
    const peakW = readQuantity(b, g.start[i + 2]!, g.end[i + 2]!, 'power');
    if (closes === null || Number.isNaN(peakW)) continue;
    out.push({ month: monthClosedBy(closes), peakW, at: parseTimestamp(b, g.start[i + 1]!, g.end[i + 1]!) });
  }
  return out;
}

/** Records one object (its table entry, M-Bus channel and value groups) in `f`. */
export function applyObject(
  f: TelegramFields,
  entry: CompiledEntry,
  channel: number,
  b: Uint8Array,
  g: Groups,
): void {
  if (g.count === 0) return;
  const s = g.start[0]!;
  const e = g.end[0]!;
  switch (entry.kind) {
    case 'quantity':
      f.q[entry.slot] = readQuantity(b, s, e, entry.dim!);
      return;
    case 'timestamp':
      f.timestamp = parseTimestamp(b, s, e);
      return;
    case 'version': {
      const v = latin1(b, s, e).trim();
      f.version = v === '' ? null : v;
      f.declaresCrc ||= entry.code === '0-0:96.1.4' || Number(v) >= 40;
      return;
    }
    case 'identifier': {
      if ((entry.rank ?? 0) >= f.equipmentIdRank) return;
      const id = identifiers.get(b, s, e, readIdentifier);
      if (id !== null) {
        f.equipmentId = id;
        f.equipmentIdRank = entry.rank ?? 0;
      }
      return;
    }
    case 'tariff': {
      const t = readInteger(b, s, e);
      f.tariff = Number.isNaN(t) ? readTrailingInteger(b, s, e) : t;
      return;
    }
    case 'count':
      if (entry.key === 'powerFailures') f.powerFailures = readInteger(b, s, e);
      else f.longPowerFailures = readInteger(b, s, e);
      return;
    case 'text':
      f.text = readText(b, s, e);
      return;
    case 'monthPeak': {
      // e-MUCS: (TST)(value*kW); Iskra IE5T 2026 firmware: (value*kW)(TST without S/W).
      let vs = s;
      let ve = e;
      f.monthPeakSeen = true;
      if (g.count >= 2) {
        const tstFirst = isTstShape(b, s, e);
        const k = tstFirst ? 0 : 1;
        f.monthPeakAt = parseTimestamp(b, g.start[k]!, g.end[k]!);
        vs = g.start[1 - k]!;
        ve = g.end[1 - k]!;
      }
      f.monthPeakW = readQuantity(b, vs, ve, 'power');
      return;
    }
    case 'peakHistory':
      f.history = peakHistory(b, g) ?? f.history;
      return;
    case 'mbusType': {
      const t = readInteger(b, s, e);
      f.channel(channel).type = Number.isNaN(t) ? null : t;
      return;
    }
    case 'mbusValue': {
      if (g.count < 2) return;
      const ch = f.channel(channel);
      ch.at = parseTimestamp(b, s, e);
      ch.m3 = readQuantity(b, g.start[1]!, g.end[1]!, 'volume');
      return;
    }
    case 'mbusLegacyValue': {
      // 0-n:24.3.0(TST)(00)(60)(1)(0-n:24.2.1)(m3) CRLF (value): the value arrives as a continuation
      // line, so it is the 7th group (DSMR 3.0 §5.5).
      if (g.count < 7) return;
      const ch = f.channel(channel);
      const unitIsM3 = unitDimension(b, g.start[5]!, g.end[5]!) === 'volume';
      ch.at = parseTimestamp(b, s, e);
      ch.m3 = unitIsM3 ? readQuantity(b, g.start[6]!, g.end[6]!, 'volume') : NaN;
      return;
    }
  }
}
