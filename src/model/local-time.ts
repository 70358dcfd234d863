// Wall-clock time in an IANA zone without a tz library and without asking Intl every second: the
// zone's UTC offset is looked up once per UTC quarter hour and cached, from the system's zoneinfo
// file (zoneinfo.ts) or, where there is none, from Intl. That is exact for every zone in use
// today, because every current offset is a multiple of 15 minutes and so every transition falls
// on a quarter hour (historical local-mean-time offsets do not; they are not timestamps ampshare
// meets). local-time.test.ts checks it against Intl across transitions.

import { readZone, type ZoneRules } from './zoneinfo.js';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface LocalTime {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: Weekday;
  /** 0 = Sunday … 6 = Saturday. */
  weekdayIndex: number;
  /** Minutes since local midnight, with seconds as a fraction. */
  minuteOfDay: number;
}

const QUARTER_MS = 900_000;
const CACHE_LIMIT = 50_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const zones = new Map<string, ZoneRules | null>();
const offsets = new Map<string, Map<number, number>>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** What Intl says the wall clock shows at timeMs, as if that wall time were UTC (ms). */
function wallAsUtcMs(timeMs: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(timeMs)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
}

/** The zone's offset from UTC at timeMs, in ms (+3,600,000 for CET). */
export function zoneOffsetMs(timeMs: number, timeZone: string): number {
  const bucket = Math.floor(timeMs / QUARTER_MS);
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  let offset = zone.get(bucket);
  if (offset === undefined) {
    const startMs = bucket * QUARTER_MS;
    let rules = zones.get(timeZone);
    if (rules === undefined) zones.set(timeZone, (rules = readZone(timeZone)));
    offset = rules ? rules.offsetMs(startMs) : wallAsUtcMs(startMs, timeZone) - startMs;
    if (zone.size >= CACHE_LIMIT) zone.clear();
    zone.set(bucket, offset);
  }
  return offset;
}

export function localTime(timeMs: number, timeZone: string): LocalTime {
  const wall = new Date(timeMs + zoneOffsetMs(timeMs, timeZone));
  const hour = wall.getUTCHours();
  const minute = wall.getUTCMinutes();
  const second = wall.getUTCSeconds();
  const weekdayIndex = wall.getUTCDay();
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour,
    minute,
    second,
    weekday: WEEKDAYS[weekdayIndex] ?? 'sun',
    weekdayIndex,
    minuteOfDay: hour * 60 + minute + second / 60,
  };
}
