// The inverse of the decoder, for the simulator and tests: a simple description in, a byte-exact
// telegram out, with CRLF line ends and a valid CRC. Layouts follow real meters: DSMR 5.0 as an
// Iskra AM550 sends it (basjes_dsmr50_1), e-MUCS 1.7 as a Sagemcom T211 (ndokter_belgium-emucs171_2).
import { crc16, formatCrc } from './crc.js';
import { isEuSummerTime } from './timestamp.js';

export interface PhaseSpec {
  powerImportW: number;
  powerExportW: number;
  voltageV: number;
  /** Default: |import − export| / voltage, as the meter rounds it (whole amps in DSMR 5). */
  currentA?: number;
}

export interface TelegramSpec {
  /** 'dsmr50' (default) or 'emucs17' (Belgian, with the capacity-tariff objects). */
  dialect?: 'dsmr50' | 'emucs17';
  /** Identification line without "/". */
  header?: string;
  time: Date;
  /** The S/W flag: default from the EU summer-time rule. */
  summerTime?: boolean;
  equipmentId?: string;
  tariff?: number;
  energyImportKWh?: { t1: number; t2: number };
  energyExportKWh?: { t1: number; t2: number };
  /** 1 or 3 phases. */
  phases: PhaseSpec[];
  /** Totals 1.7.0 / 2.7.0; default the phases' netted sum, as meters send them. */
  powerImportW?: number;
  powerExportW?: number;
  /** 3×230 V delta (Aron) metering: L2 sent as 0 W, 0 V, 0 A (e-MUCS 1.5 notes 5–6). */
  delta?: boolean;
  powerFailures?: number;
  longPowerFailures?: number;
  /** DSMR 5 only: 1-0:99.97.0, the long power failures (end time, duration). */
  powerFailureLog?: Array<{ end: Date; durationS: number }>;
  /** DSMR 5 only: voltage sags and swells per phase (1-0:32.32.0 …, 1-0:32.36.0 …). */
  voltageSags?: number[];
  voltageSwells?: number[];
  /** 0-0:96.13.0, sent as hex. */
  text?: string;
  gas?: { m3: number; at: Date };
  /** e-MUCS only. History months are "YYYY-MM"; `at` null writes the 632525252525W placeholder. */
  capacity?: {
    averageDemandW: number;
    monthPeakW: number;
    monthPeakAt: Date;
    history?: Array<{ month: string; peakW: number; at: Date | null }>;
  };
  /** Raw object lines added before the "!" line (without CRLF). */
  extraLines?: string[];
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** A DSMR Fn(x,y) field from an integer count of its last digit: fixed(378, 2, 3) = "00.378". */
function fixed(units: number, intDigits: number, decimals: number): string {
  const digits = pad(Math.abs(Math.round(units)), intDigits + decimals);
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return units < 0 ? `-${text}` : text;
}

const kW = (w: number): string => `${fixed(w, 2, 3)}*kW`;
const kWh = (v: number): string => `${fixed(v * 1000, 6, 3)}*kWh`;
const hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex').toUpperCase();

/** A TST for an instant: local time with the S/W flag (default: EU summer time for that instant). */
export function formatTst(time: Date, summerTime = isEuSummerTime(time)): string {
  const local = new Date(time.getTime() + (summerTime ? 2 : 1) * 3_600_000);
  const f = [
    local.getUTCFullYear() % 100,
    local.getUTCMonth() + 1,
    local.getUTCDate(),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
  ];
  return `${f.map((n) => pad(n, 2)).join('')}${summerTime ? 'S' : 'W'}`;
}

/** The TST that closes month "YYYY-MM": 00:00 local on the first of the next month (summer time
 * on the first of April to October, never near a switch). */
function monthCloseTst(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const summer = m >= 3 && m <= 9;
  return formatTst(new Date(Date.UTC(y, m, 1) - (summer ? 2 : 1) * 3_600_000), summer);
}

/** Adds "!" and the CRC-16/ARC of `text` (which runs from "/" to just before "!"), then CRLF. */
export function withCrc(text: string | Uint8Array): Buffer {
  const body = Buffer.concat([
    typeof text === 'string' ? Buffer.from(text, 'latin1') : text,
    Buffer.from('!'),
  ]);
  return Buffer.concat([body, Buffer.from(`${formatCrc(crc16(body))}\r\n`, 'latin1')]);
}

function phaseLines(spec: TelegramSpec, emucs: boolean): string[] {
  const phases = spec.phases.map((p, i) =>
    spec.delta && i === 1 ? { powerImportW: 0, powerExportW: 0, voltageV: 0, currentA: 0 } : p,
  );
  const current = (p: PhaseSpec): number =>
    p.currentA ?? (p.voltageV > 0 ? Math.abs(p.powerImportW - p.powerExportW) / p.voltageV : 0);
  const amps = (p: PhaseSpec): string =>
    emucs ? `${fixed(current(p) * 100, 3, 2)}*A` : `${fixed(current(p), 3, 0)}*A`;
  const codes = [
    ['21', '41', '61'],
    ['22', '42', '62'],
    ['32', '52', '72'],
    ['31', '51', '71'],
  ] as const;
  const line = (set: 0 | 1 | 2 | 3, value: (p: PhaseSpec) => string): string[] =>
    phases.map((p, i) => `1-0:${codes[set][i]}.7.0(${value(p)})`);
  const imports = line(0, (p) => kW(p.powerImportW));
  const exports = line(1, (p) => kW(p.powerExportW));
  const volts = line(2, (p) => `${fixed(p.voltageV * 10, 3, 1)}*V`);
  const currents = line(3, amps);
  return emucs
    ? [...imports, ...exports, ...volts, ...currents]
    : [...volts, ...currents, ...imports, ...exports];
}

/** Writes one telegram. Throws on a spec that cannot be written (not 1 or 3 phases). */
export function writeTelegram(spec: TelegramSpec): Buffer {
  if (spec.phases.length !== 1 && spec.phases.length !== 3) {
    throw new RangeError(`a telegram has 1 or 3 phases, not ${spec.phases.length}`);
  }
  const emucs = spec.dialect === 'emucs17';
  const phases = spec.phases.map((p, i) =>
    spec.delta && i === 1 ? { powerImportW: 0, powerExportW: 0 } : p,
  );
  const netW = phases.reduce((sum, p) => sum + Math.round(p.powerImportW) - Math.round(p.powerExportW), 0);
  const imp = spec.energyImportKWh ?? { t1: 0, t2: 0 };
  const exp = spec.energyExportKWh ?? { t1: 0, t2: 0 };
  const energy = [
    `1-0:1.8.1(${kWh(imp.t1)})`,
    `1-0:1.8.2(${kWh(imp.t2)})`,
    `1-0:2.8.1(${kWh(exp.t1)})`,
    `1-0:2.8.2(${kWh(exp.t2)})`,
    `0-0:96.14.0(${pad(spec.tariff ?? 1, 4)})`,
  ];
  const totals = [
    `1-0:1.7.0(${kW(spec.powerImportW ?? Math.max(netW, 0))})`,
    `1-0:2.7.0(${kW(spec.powerExportW ?? Math.max(-netW, 0))})`,
  ];
  const gasTst = spec.gas ? formatTst(spec.gas.at) : '';
  const log = spec.powerFailureLog ?? [];
  const lines: string[] = [];
  if (emucs) {
    const c = spec.capacity;
    const history = c?.history ?? [];
    const entries = history.map(
      (h) => `(${monthCloseTst(h.month)})(${h.at ? formatTst(h.at) : '632525252525W'})(${kW(h.peakW)})`,
    );
    lines.push(
      `/${spec.header ?? 'FLU5\\253769484_A'}`,
      '',
      '0-0:96.1.4(50217)',
      `0-0:96.1.1(${hex(spec.equipmentId ?? '1SAG3100721326')})`,
      `0-0:1.0.0(${formatTst(spec.time, spec.summerTime)})`,
      ...energy,
      ...(c
        ? [
            `1-0:1.4.0(${kW(c.averageDemandW)})`,
            `1-0:1.6.0(${formatTst(c.monthPeakAt)})(${kW(c.monthPeakW)})`,
            `0-0:98.1.0(${history.length})(1-0:1.6.0)(1-0:1.6.0)${entries.join('')}`,
          ]
        : []),
      ...totals,
      ...phaseLines(spec, true),
      '0-0:96.3.10(1)',
      '0-0:17.0.0(999.9*kW)',
      '1-0:31.4.0(999*A)',
      `0-0:96.13.0(${hex(spec.text ?? '')})`,
      ...(spec.gas
        ? [
            '0-1:24.1.0(003)',
            `0-1:96.1.1(${hex('7FLO2123088027')})`,
            '0-1:24.4.0(1)',
            `0-1:24.2.3(${gasTst})(${fixed(spec.gas.m3 * 1000, 5, 3)}*m3)`,
          ]
        : []),
    );
  } else {
    lines.push(
      `/${spec.header ?? 'ISK5\\2M550T-1012'}`,
      '',
      '1-3:0.2.8(50)',
      `0-0:1.0.0(${formatTst(spec.time, spec.summerTime)})`,
      `0-0:96.1.1(${hex(spec.equipmentId ?? 'E0044007131650618')})`,
      ...energy,
      ...totals,
      `0-0:96.7.21(${pad(spec.powerFailures ?? 0, 5)})`,
      `0-0:96.7.9(${pad(spec.longPowerFailures ?? 0, 5)})`,
      `1-0:99.97.0(${log.length})(0-0:96.7.19)${log.map((f) => `(${formatTst(f.end)})(${pad(f.durationS, 10)}*s)`).join('')}`,
      ...['32', '52', '72']
        .slice(0, phases.length)
        .map((c, i) => `1-0:${c}.32.0(${pad(spec.voltageSags?.[i] ?? 0, 5)})`),
      ...['32', '52', '72']
        .slice(0, phases.length)
        .map((c, i) => `1-0:${c}.36.0(${pad(spec.voltageSwells?.[i] ?? 0, 5)})`),
      `0-0:96.13.0(${hex(spec.text ?? '')})`,
      ...phaseLines(spec, false),
      ...(spec.gas
        ? [
            '0-1:24.1.0(003)',
            `0-1:96.1.0(${hex('G0059003619452619')})`,
            `0-1:24.2.1(${gasTst})(${fixed(spec.gas.m3 * 1000, 5, 3)}*m3)`,
          ]
        : []),
    );
  }
  lines.push(...(spec.extraLines ?? []));
  return withCrc(lines.map((l) => `${l}\r\n`).join(''));
}
