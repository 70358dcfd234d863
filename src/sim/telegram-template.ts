// Telegrams at simulation speed: the same bytes as writeTelegram (src/meters/dsmr/writer.ts), but
// written into one reused buffer. The layout is made once by writeTelegram itself; each second only
// the values are patched in place (they are fixed-width fields) and the CRC is computed again. A
// value that does not fit its field (over 99.999 kW, say) or a layout change (a new month in the
// capacity history) falls back to writeTelegram, so the output is always writeTelegram's.
// telegram-template.test.ts holds the two byte for byte.
import { crc16, formatTst, writeTelegram, type PhaseSpec, type TelegramSpec } from '../meters/dsmr/index.js';

type Patch = (buf: Buffer, spec: TelegramSpec) => boolean;

const HEX = '0123456789ABCDEF';

/** Writes u (a non-negative integer) as n digits at off, with a '.' after `whole` digits; false if it does not fit. */
function fixed(buf: Buffer, off: number, u: number, whole: number, decimals: number): boolean {
  const n = whole + decimals;
  if (!(u >= 0) || u >= 10 ** n) return false;
  let rest = u;
  for (let i = n - 1; i >= 0; i--) {
    const at = i >= whole && decimals > 0 ? off + i + 1 : off + i;
    buf[at] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return true;
}

const kW = (buf: Buffer, off: number, w: number) => fixed(buf, off, Math.round(w), 2, 3);
const kWh = (buf: Buffer, off: number, v: number) => fixed(buf, off, Math.round(v * 1000), 6, 3);

/** writeTelegram's per-phase current when the spec does not give one. */
const currentOf = (p: PhaseSpec): number =>
  p.currentA ?? (p.voltageV > 0 ? Math.abs(p.powerImportW - p.powerExportW) / p.voltageV : 0);

/** What decides the layout; null when the spec uses something the template does not patch. */
function layoutKey(spec: TelegramSpec): string | null {
  if (spec.delta || spec.gas || spec.extraLines || spec.powerFailureLog || spec.text) return null;
  if (spec.voltageSags || spec.voltageSwells || spec.powerFailures || spec.longPowerFailures) return null;
  const history = spec.capacity?.history?.map((h) => `${h.month}${h.at?.getTime() ?? ''}:${h.peakW}`) ?? [];
  return [
    spec.dialect ?? 'dsmr50',
    spec.header ?? '',
    spec.equipmentId ?? '',
    spec.phases.length,
    spec.capacity ? `c${history.join(',')}` : '',
  ].join('|');
}

export class TelegramTemplate {
  private buf: Buffer | null = null;
  private key: string | null = null;
  private patches: Patch[] = [];
  private bodyEnd = 0;

  write(spec: TelegramSpec): Buffer {
    const key = layoutKey(spec);
    if (key === null) return writeTelegram(spec);
    if (key !== this.key || !this.buf) this.build(spec, key);
    const buf = this.buf!;
    for (const patch of this.patches) if (!patch(buf, spec)) return writeTelegram(spec);
    const crc = crc16(buf, 0, this.bodyEnd);
    for (let i = 0; i < 4; i++) buf[this.bodyEnd + i] = HEX.charCodeAt((crc >>> (12 - 4 * i)) & 0xf);
    return buf;
  }

  private build(spec: TelegramSpec, key: string): void {
    // The layout from values that fit every field at its normal width; the real ones are patched in.
    const shape: TelegramSpec = {
      ...spec,
      energyImportKWh: { t1: 0, t2: 0 },
      energyExportKWh: { t1: 0, t2: 0 },
      tariff: 1,
      powerImportW: 0,
      powerExportW: 0,
      phases: spec.phases.map(() => ({ powerImportW: 0, powerExportW: 0, voltageV: 230, currentA: 0 })),
      capacity: spec.capacity && { ...spec.capacity, averageDemandW: 0, monthPeakW: 0 },
    };
    const buf = Buffer.from(writeTelegram(shape));
    const text = buf.toString('latin1');
    const at = (obis: string): number => {
      const i = text.indexOf(`\n${obis}(`);
      if (i < 0) throw new Error(`telegram template: no ${obis} line`);
      return i + obis.length + 2;
    };
    const emucs = spec.dialect === 'emucs17';
    const p: Patch[] = [];
    const time = at('0-0:1.0.0');
    p.push((b, s) => b.write(formatTst(s.time, s.summerTime), time, 'latin1') === 13);
    const registers = [at('1-0:1.8.1'), at('1-0:1.8.2'), at('1-0:2.8.1'), at('1-0:2.8.2')] as const;
    p.push((b, s) => {
      const i = s.energyImportKWh ?? { t1: 0, t2: 0 };
      const e = s.energyExportKWh ?? { t1: 0, t2: 0 };
      return (
        kWh(b, registers[0], i.t1) &&
        kWh(b, registers[1], i.t2) &&
        kWh(b, registers[2], e.t1) &&
        kWh(b, registers[3], e.t2)
      );
    });
    const tariff = at('0-0:96.14.0');
    p.push((b, s) => fixed(b, tariff, s.tariff ?? 1, 4, 0));
    const totalIn = at('1-0:1.7.0');
    const totalOut = at('1-0:2.7.0');
    p.push((b, s) => {
      const netW = s.phases.reduce(
        (sum, ph) => sum + Math.round(ph.powerImportW) - Math.round(ph.powerExportW),
        0,
      );
      return (
        kW(b, totalIn, s.powerImportW ?? Math.max(netW, 0)) &&
        kW(b, totalOut, s.powerExportW ?? Math.max(-netW, 0))
      );
    });
    const codes = ['21', '41', '61', '22', '42', '62', '32', '52', '72', '31', '51', '71'];
    spec.phases.forEach((_, i) => {
      const [imp, exp, volt, amp] = [0, 3, 6, 9].map((k) => at(`1-0:${codes[k + i]}.7.0`)) as [
        number,
        number,
        number,
        number,
      ];
      p.push((b, s) => {
        const ph = s.phases[i]!;
        const a = currentOf(ph);
        return (
          kW(b, imp, ph.powerImportW) &&
          kW(b, exp, ph.powerExportW) &&
          fixed(b, volt, Math.round(ph.voltageV * 10), 3, 1) &&
          (emucs ? fixed(b, amp, Math.round(a * 100), 3, 2) : fixed(b, amp, Math.round(a), 3, 0))
        );
      });
    });
    if (spec.capacity) {
      const average = at('1-0:1.4.0');
      const peakAt = at('1-0:1.6.0');
      p.push((b, s) => {
        const c = s.capacity!;
        return (
          kW(b, average, c.averageDemandW) &&
          b.write(formatTst(c.monthPeakAt), peakAt, 'latin1') === 13 &&
          kW(b, peakAt + 15, c.monthPeakW)
        );
      });
    }
    this.buf = buf;
    this.key = key;
    this.patches = p;
    // The CRC's four hex digits sit between "!" and the final CRLF.
    this.bodyEnd = buf.length - 6;
  }
}
