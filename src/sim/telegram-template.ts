// Telegrams at simulation speed: the same bytes as writeTelegram (src/meters/dsmr/writer.ts), but
// written into one reused buffer. The layout is made once by writeTelegram itself; each second only
// the values that changed are patched in place (they are fixed-width fields) and the CRC follows
// the changed bytes (telegram-fields.ts). A value that does not fit its field (over 99.999 kW, say)
// falls back to writeTelegram, and a layout change (a new month in the capacity history) makes the
// template again, so the output is always writeTelegram's.
// telegram-template.test.ts holds the two byte for byte.
import { writeTelegram, type PhaseSpec, type TelegramSpec } from '../meters/dsmr/index.js';
import { Body, Digits, TstField } from './telegram-fields.js';

type Patch = (spec: TelegramSpec) => boolean;

const HEX = '0123456789ABCDEF';

/** Fields in kW with 3 decimals, from W, and in kWh with 3 decimals, from kWh. */
const kW = (body: Body, at: number) => {
  const d = new Digits(body, at, 2, 3);
  return (w: number) => d.set(Math.round(w));
};
const kWh = (body: Body, at: number) => {
  const d = new Digits(body, at, 6, 3);
  return (v: number) => d.set(Math.round(v * 1000));
};

/** writeTelegram's per-phase current when the spec does not give one. */
const currentOf = (p: PhaseSpec): number =>
  p.currentA ?? (p.voltageV > 0 ? Math.abs(p.powerImportW - p.powerExportW) / p.voltageV : 0);

/** What decides the layout, as last built; compared field by field each second (no string built). */
interface Layout {
  dialect: string;
  header: string;
  equipmentId: string;
  phases: number;
  capacity: boolean;
  /**
   * The capacity history: month, peak time (ms; null for none, which writes the placeholder; NaN
   * for an invalid date, which does not) and peak, 3 per month. Compared with Object.is: NaN equals
   * NaN, null does not.
   */
  history: Array<string | number | null>;
}

/** Whether the spec uses something the template does not patch. */
const unsupported = (spec: TelegramSpec): boolean =>
  !!(spec.delta || spec.gas || spec.extraLines || spec.powerFailureLog || spec.text) ||
  !!(spec.voltageSags || spec.voltageSwells || spec.powerFailures || spec.longPowerFailures);

function layoutOf(spec: TelegramSpec): Layout {
  const history: Array<string | number | null> = [];
  for (const h of spec.capacity?.history ?? []) history.push(h.month, h.at ? h.at.getTime() : null, h.peakW);
  return {
    dialect: spec.dialect ?? 'dsmr50',
    header: spec.header ?? '',
    equipmentId: spec.equipmentId ?? '',
    phases: spec.phases.length,
    capacity: spec.capacity !== undefined,
    history,
  };
}

function sameLayout(l: Layout, spec: TelegramSpec): boolean {
  if (
    l.dialect !== (spec.dialect ?? 'dsmr50') ||
    l.header !== (spec.header ?? '') ||
    l.equipmentId !== (spec.equipmentId ?? '') ||
    l.phases !== spec.phases.length ||
    l.capacity !== (spec.capacity !== undefined)
  ) {
    return false;
  }
  const history = spec.capacity?.history ?? [];
  if (l.history.length !== history.length * 3) return false;
  for (let i = 0; i < history.length; i++) {
    const h = history[i]!;
    // Object.is: NaN (no peak time) equals NaN.
    if (l.history[3 * i] !== h.month || !Object.is(l.history[3 * i + 1], h.at ? h.at.getTime() : null))
      return false;
    if (!Object.is(l.history[3 * i + 2], h.peakW)) return false;
  }
  return true;
}

export class TelegramTemplate {
  private body: Body | null = null;
  private layout: Layout | null = null;
  private patches: Patch[] = [];

  write(spec: TelegramSpec): Buffer {
    if (unsupported(spec)) return writeTelegram(spec);
    if (this.layout === null || !sameLayout(this.layout, spec)) this.build(spec);
    const body = this.body!;
    for (const patch of this.patches) if (!patch(spec)) return writeTelegram(spec);
    const { buf, end, crc } = body;
    for (let i = 0; i < 4; i++) buf[end + i] = HEX.charCodeAt((crc >>> (12 - 4 * i)) & 0xf);
    return buf;
  }

  private build(spec: TelegramSpec): void {
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
    // The CRC's four hex digits sit between "!" and the final CRLF.
    const body = new Body(buf, buf.length - 6);
    const emucs = spec.dialect === 'emucs17';
    const p: Patch[] = [];
    const time = new TstField(body, at('0-0:1.0.0'));
    p.push((s) => time.set(s.time, s.summerTime));
    const [importT1, importT2, exportT1, exportT2] = [
      at('1-0:1.8.1'),
      at('1-0:1.8.2'),
      at('1-0:2.8.1'),
      at('1-0:2.8.2'),
    ].map((off) => kWh(body, off)) as [
      (v: number) => boolean,
      (v: number) => boolean,
      (v: number) => boolean,
      (v: number) => boolean,
    ];
    p.push((s) => {
      const i = s.energyImportKWh ?? { t1: 0, t2: 0 };
      const e = s.energyExportKWh ?? { t1: 0, t2: 0 };
      return importT1(i.t1) && importT2(i.t2) && exportT1(e.t1) && exportT2(e.t2);
    });
    const tariff = new Digits(body, at('0-0:96.14.0'), 4, 0);
    p.push((s) => tariff.set(s.tariff ?? 1));
    const totalIn = kW(body, at('1-0:1.7.0'));
    const totalOut = kW(body, at('1-0:2.7.0'));
    p.push((s) => {
      let netW = 0;
      if (s.powerImportW === undefined || s.powerExportW === undefined) {
        for (const ph of s.phases) netW += Math.round(ph.powerImportW) - Math.round(ph.powerExportW);
      }
      return totalIn(s.powerImportW ?? Math.max(netW, 0)) && totalOut(s.powerExportW ?? Math.max(-netW, 0));
    });
    const codes = ['21', '41', '61', '22', '42', '62', '32', '52', '72', '31', '51', '71'];
    spec.phases.forEach((_, i) => {
      const [imp, exp, volt, amp] = [0, 3, 6, 9].map((k) => at(`1-0:${codes[k + i]}.7.0`)) as [
        number,
        number,
        number,
        number,
      ];
      const importW = kW(body, imp);
      const exportW = kW(body, exp);
      const voltage = new Digits(body, volt, 3, 1);
      const current = emucs ? new Digits(body, amp, 3, 2) : new Digits(body, amp, 3, 0);
      const scale = emucs ? 100 : 1;
      p.push((s) => {
        const ph = s.phases[i]!;
        return (
          importW(ph.powerImportW) &&
          exportW(ph.powerExportW) &&
          voltage.set(Math.round(ph.voltageV * 10)) &&
          current.set(Math.round(currentOf(ph) * scale))
        );
      });
    });
    if (spec.capacity) {
      const average = kW(body, at('1-0:1.4.0'));
      const peakAt = at('1-0:1.6.0');
      const peakTst = new TstField(body, peakAt);
      const peakW = kW(body, peakAt + 15);
      p.push((s) => {
        const c = s.capacity!;
        return average(c.averageDemandW) && peakTst.set(c.monthPeakAt, undefined) && peakW(c.monthPeakW);
      });
    }
    this.body = body;
    this.layout = layoutOf(spec);
    this.patches = p;
  }
}
