// BDEW standard load profiles (profiles/README.md §1–2): the 2025 profiles H25, P25, S25, G25
// (kWh per quarter hour for 1,000,000 kWh a year, by month and day type) and the classic H0 of
// 1999 (W for 1,000 kWh a year, by season and day type). Household profiles are "dynamic": each
// day is scaled by the BDEW dynamisation polynomial of the day of the year.
import { DAY_TYPES, type RunCalendar } from '../calendar.js';
import { num, ProfileDataError, readCsv } from './files.js';

export const SLP_PROFILES = ['H25', 'P25', 'S25', 'G25', 'H0'] as const;
export type SlpName = (typeof SLP_PROFILES)[number];

const SLOTS = 96;

interface SlpTable {
  /** W per kWh of annual consumption, [key][dayType][slot] flattened; key = month (25) or season (H0). */
  wPerAnnualKWh: Float64Array;
  dynamic: boolean;
  seasonal: boolean;
}

const tables = new Map<SlpName, SlpTable>();

/** BDEW dynamisation factor for day of year d (1..366), as demandlib applies it to H25/P25/S25/H0. */
export function dynamisation(d: number): number {
  return -3.92e-10 * d ** 4 + 3.2e-7 * d ** 3 - 7.02e-5 * d ** 2 + 0.0021 * d + 1.24;
}

function table2025(name: Exclude<SlpName, 'H0'>): SlpTable {
  const file = `bdew_demandlib/${name.toLowerCase()}.csv`;
  const rows = readCsv(file);
  const types = rows[1] ?? [];
  const out = new Float64Array(12 * 3 * SLOTS);
  for (let col = 1; col < types.length; col++) {
    const month = Math.floor((col - 1) / 3);
    const type = DAY_TYPES.indexOf(types[col] as (typeof DAY_TYPES)[number]);
    if (type < 0 || month > 11) throw new ProfileDataError(file, `unexpected column ${col + 1} "${types[col]}"`);
    for (let slot = 0; slot < SLOTS; slot++) {
      // kWh per 15 min for 1e6 kWh/year → W per (kWh/year): × 4 (per hour) × 1000 (W) / 1e6.
      out[(month * 3 + type) * SLOTS + slot] = num(file, rows, slot + 2, col) * 0.004;
    }
  }
  return { wPerAnnualKWh: out, dynamic: name !== 'G25', seasonal: false };
}

const H0_SEASONS = ['winter', 'summer', 'transition'];
const H0_DAYS = ['workday', 'saturday', 'sunday'];

function tableH0(): SlpTable {
  const file = 'bdew_standardlastprofile/slp_1999_h0.csv';
  const rows = readCsv(file);
  const out = new Float64Array(3 * 3 * SLOTS);
  for (let r = 1; r < rows.length; r++) {
    const [, season = '', day = '', time = ''] = rows[r] ?? [];
    const s = H0_SEASONS.indexOf(season);
    const d = H0_DAYS.indexOf(day);
    const slot = Number(time.slice(0, 2)) * 4 + Number(time.slice(3, 5)) / 15;
    if (s < 0 || d < 0 || !(slot >= 0 && slot < SLOTS)) throw new ProfileDataError(file, `bad row ${r + 1}`);
    out[(s * 3 + d) * SLOTS + slot] = num(file, rows, r, 4) / 1000;
  }
  return { wPerAnnualKWh: out, dynamic: true, seasonal: true };
}

function tableOf(name: SlpName): SlpTable {
  let t = tables.get(name);
  if (!t) {
    t = name === 'H0' ? tableH0() : table2025(name);
    tables.set(name, t);
  }
  return t;
}

/** H0's season: winter 1 Nov–20 Mar, summer 15 May–14 Sep, transition otherwise (non-leap days). */
function h0Season(dayOfYear: number): number {
  if (dayOfYear <= 79 || dayOfYear >= 305) return 0;
  if (dayOfYear >= 135 && dayOfYear <= 257) return 1;
  return 2;
}

/**
 * The profile's mean power per quarter hour of the run (index floor((tS + offsetS) / 900)), W, for
 * `annualKWh` a year.
 */
export function slpQuarters(name: SlpName, annualKWh: number, cal: RunCalendar): Float32Array {
  const t = tableOf(name);
  const out = new Float32Array(cal.hours * 4);
  for (let h = 0; h < cal.hours; h++) {
    const doy = cal.dayOfYear[h]!;
    const key = t.seasonal ? h0Season(doy) : cal.month[h]!;
    const type = cal.dayType[h]!;
    const factor = (t.dynamic ? dynamisation(doy) : 1) * annualKWh;
    for (let q = 0; q < 4; q++) {
      const slot = cal.localHour[h]! * 4 + q;
      out[h * 4 + q] = t.wPerAnnualKWh[(key * 3 + type) * SLOTS + slot]! * factor;
    }
  }
  return out;
}
