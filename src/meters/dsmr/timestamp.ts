// DSMR timestamps (TST): "YYMMDDhhmmssX", local time, X = S (summer, +02:00) or W (winter, +01:00),
// either case (DSMR 5.0.2 §6.4). DSMR 2.2/3.0 24.3.0 and Iskra IE5 (Wallonia) omit X: those are
// read with the Europe/Amsterdam (= Europe/Brussels) rules, computed from the EU rule below.
//
// Placeholders become null: a date that is not on the calendar (632525252525W, 000000000000W), the
// year 2000 (a meter whose clock was never set counts from 000101010000W; Kaifa's bogus
// power-failure entries 000101000001W) and years 2070 and later (700101010000W is the Unix epoch
// read as a two-digit year; no meter of this era is set that far ahead).
import { daysInMonth } from '../../model/iso-time.js';

export interface Tst {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 'S' or 'W' as sent (normalised to upper case), or null when the meter sends none. */
  flag: 'S' | 'W' | null;
}

const DIGIT0 = 0x30;

function two(b: Uint8Array, i: number): number {
  const h = b[i]! - DIGIT0;
  const l = b[i + 1]! - DIGIT0;
  return h >= 0 && h <= 9 && l >= 0 && l <= 9 ? h * 10 + l : -1;
}

/** The fields of a TST in bytes[s, e), or null when it is malformed or a placeholder. */
export function readTst(b: Uint8Array, s: number, e: number): Tst | null {
  const n = e - s;
  if (n !== 12 && n !== 13) return null;
  let flag: Tst['flag'] = null;
  if (n === 13) {
    const x = b[s + 12]! & ~0x20;
    if (x === 0x53) flag = 'S';
    else if (x === 0x57) flag = 'W';
    else return null;
  }
  const yy = two(b, s);
  const month = two(b, s + 2);
  const day = two(b, s + 4);
  const hour = two(b, s + 6);
  const minute = two(b, s + 8);
  const second = two(b, s + 10);
  if (yy < 1 || yy >= 70 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return null;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const year = 2000 + yy;
  if (day > daysInMonth(year, month)) return null;
  return { year, month, day, hour, minute, second, flag };
}

/** Start (inclusive) and end (exclusive) of EU summer time in `year`, as UTC ms: the last Sundays of
 * March and October at 01:00 UTC (Directive 2000/84/EC). */
function euSummerTimeUtc(year: number): readonly [number, number] {
  // Every telegram asks (the decoder for its TST, the simulator's writer for its flag): the last
  // year's answer is kept.
  if (year === summerYear) return summer;
  const lastSunday = (month: number): number => {
    const last = new Date(Date.UTC(year, month + 1, 0));
    return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
  };
  summer = [lastSunday(2), lastSunday(9)];
  summerYear = year;
  return summer;
}
let summerYear = NaN;
let summer: readonly [number, number] = [0, 0];

/** Whether the instant `date` falls in EU summer time. */
export function isEuSummerTime(date: Date): boolean {
  const [start, end] = euSummerTimeUtc(date.getUTCFullYear());
  const t = date.getTime();
  return t >= start && t < end;
}

/** UTC offset in hours of a TST: from its flag, else by the Europe/Amsterdam rules. A local time
 * that occurs twice (the last October Sunday, 02:00–03:00) is taken as the first, summer one. */
export function tstOffsetHours(t: Tst): 1 | 2 {
  if (t.flag !== null) return t.flag === 'S' ? 2 : 1;
  const local = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  const [start, end] = euSummerTimeUtc(t.year);
  const asSummer = local - 2 * 3_600_000;
  return asSummer >= start && asSummer < end ? 2 : 1;
}

const pad = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

export function tstToIso(t: Tst): string {
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}+0${tstOffsetHours(t)}:00`;
}

/**
 * The last TST read, up to its minute: the decoder reads one a second, and within a minute only the
 * seconds change. Offsets are whole hours and summer time starts and ends on the hour, so the
 * offset is the same for every second of a minute (also without an S/W flag).
 */
const lastTst = new Uint8Array(13);
let lastTstLength = 0;
let lastIsoMinute = '';
let lastIsoOffset = '';

/** ISO 8601 with offset for the TST in bytes[s, e), or null (malformed or placeholder). */
export function parseTimestamp(b: Uint8Array, s: number, e: number): string | null {
  const n = e - s;
  if (n === lastTstLength && sameMinute(b, s, n)) {
    const second = two(b, s + 10);
    if (second >= 0 && second <= 59) return lastIsoMinute + pad(second) + lastIsoOffset;
  }
  const t = readTst(b, s, e);
  if (t === null) return null;
  const iso = tstToIso(t);
  for (let i = 0; i < n; i++) lastTst[i] = b[s + i]!;
  lastTstLength = n;
  lastIsoMinute = iso.slice(0, 17);
  lastIsoOffset = iso.slice(19);
  return iso;
}

/** Whether bytes[s, s + n) match the last TST in all but the seconds. */
function sameMinute(b: Uint8Array, s: number, n: number): boolean {
  for (let i = 0; i < 10; i++) if (b[s + i] !== lastTst[i]) return false;
  return n === 12 || b[s + 12] === lastTst[12];
}
