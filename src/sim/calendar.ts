// Local time for a run, hour by hour: profiles, arrivals and schedules are all in the site's time
// zone. Computed once per run with Intl (a year is 8,760 look-ups), read per second by index.
// European zones have whole-hour offsets, so the local quarter hour is the local hour plus the UTC
// minute.

import { localTime, type LocalTime } from '../model/local-time.js';

/** BDEW day types: working day, Saturday, Sunday or holiday. */
export const DAY_TYPES = ['WT', 'SA', 'FT'] as const;

export interface RunCalendar {
  startMs: number;
  /** Seconds from the UTC hour the calendar starts at to the run's start (a start at hh:30 is 1800). */
  offsetS: number;
  hours: number;
  /** Per calendar hour (index: hourOf(cal, tS)). */
  localHour: Uint8Array;
  /** 0 = January. */
  month: Uint8Array;
  /** 1..366. */
  dayOfYear: Uint16Array;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: Uint8Array;
  /** Index into DAY_TYPES. Dec 24 and 31 count as Saturday unless a Sunday (BDEW). */
  dayType: Uint8Array;
  /** "YYYY-MM" index: months since the run's first month. */
  monthIndex: Uint16Array;
  /** The first month of the run as "YYYY-MM". */
  firstMonth: string;
}

export type LocalParts = LocalTime;

/** The wall clock in a zone (src/model/local-time.ts); `weekdayIndex` is 0 = Sunday. */
export function localParts(ms: number, timeZone: string): LocalParts {
  return localTime(ms, timeZone);
}

/** The instant of a local wall-clock time ("2026-01-12" or "2026-01-12T17:00") in a time zone. */
export function localToUtcMs(local: string, timeZone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(local);
  if (!m) throw new RangeError(`"${local}" is not a local date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const p = localParts(guess, timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += wall - shown;
  }
  return guess;
}

function dayOfYear(year: number, month: number, day: number): number {
  return (Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000 + 1;
}

export function runCalendar(startMs: number, seconds: number, timeZone: string): RunCalendar {
  const alignedMs = Math.floor(startMs / 3_600_000) * 3_600_000;
  const offsetS = (startMs - alignedMs) / 1000;
  const hours = Math.ceil((seconds + offsetS) / 3600) + 1;
  const cal: RunCalendar = {
    startMs,
    offsetS,
    hours,
    localHour: new Uint8Array(hours),
    month: new Uint8Array(hours),
    dayOfYear: new Uint16Array(hours),
    weekday: new Uint8Array(hours),
    dayType: new Uint8Array(hours),
    monthIndex: new Uint16Array(hours),
    firstMonth: '',
  };
  const first = localParts(startMs, timeZone);
  cal.firstMonth = `${first.year}-${String(first.month).padStart(2, '0')}`;
  for (let h = 0; h < hours; h++) {
    const p = localParts(alignedMs + h * 3_600_000, timeZone);
    cal.localHour[h] = p.hour;
    cal.month[h] = p.month - 1;
    cal.dayOfYear[h] = dayOfYear(p.year, p.month, p.day);
    cal.weekday[h] = p.weekdayIndex;
    const christmasEve = p.month === 12 && (p.day === 24 || p.day === 31);
    cal.dayType[h] = p.weekdayIndex === 0 ? 2 : p.weekdayIndex === 6 || christmasEve ? 1 : 0;
    cal.monthIndex[h] = (p.year - first.year) * 12 + (p.month - first.month);
  }
  return cal;
}

/** The run hour of a simulated second (clamped into the calendar). */
export function hourOf(cal: RunCalendar, tS: number): number {
  return Math.min(cal.hours - 1, Math.max(0, Math.floor((tS + cal.offsetS) / 3600)));
}
