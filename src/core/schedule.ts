// Wall-clock helpers and the site limit schedule ("peak hours"), in the site's IANA zone
// (src/model/local-time.ts: Intl's offsets, cached per quarter hour; no tz library).
import { localTime, type LocalTime, type Weekday } from '../model/local-time.js';
import type { SiteSettings } from '../site/schema.js';

export type { LocalTime, Weekday } from '../model/local-time.js';
export { localTime } from '../model/local-time.js';

const QUARTER_MS = 900_000;
let lastQuarter = NaN;
let lastZone = '';
let lastKey = '';

/**
 * "YYYY-MM" of the local month: the capacity tariff's billing month. Asked every cycle; a local
 * month starts on a quarter hour in every zone (offsets are multiples of 15 minutes), so the last
 * answer holds for the rest of its quarter.
 */
export function monthKey(timeMs: number, timeZone: string): string {
  const quarter = Math.floor(timeMs / QUARTER_MS);
  if (quarter === lastQuarter && timeZone === lastZone) return lastKey;
  const t = localTime(timeMs, timeZone);
  lastKey = `${t.year}-${String(t.month).padStart(2, '0')}`;
  lastQuarter = quarter;
  lastZone = timeZone;
  return lastKey;
}

export function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Seconds from now until the next local occurrence of "HH:MM" (a plan's departure), in (0, 86400]. */
export function secondsUntilClock(hhmm: string, timeMs: number, timeZone: string): number {
  const now = localTime(timeMs, timeZone).minuteOfDay;
  let minutes = clockMinutes(hhmm) - now;
  if (minutes <= 0) minutes += 24 * 60;
  return minutes * 60;
}

type ScheduleEntry = SiteSettings['schedule'][number];

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function previousDay(day: Weekday): Weekday {
  const i = WEEKDAYS.indexOf(day);
  return WEEKDAYS[(i + 6) % 7] ?? day;
}

/**
 * Whether an entry's window holds at a local time. A window that crosses midnight (22:00–06:00)
 * belongs to the day it starts on; from == to means the whole day.
 */
export function entryActive(entry: ScheduleEntry, t: LocalTime): boolean {
  const from = clockMinutes(entry.from);
  const to = clockMinutes(entry.to);
  const onDay = (d: Weekday) => entry.days === undefined || entry.days.includes(d);
  if (from === to) return onDay(t.weekday);
  if (from < to) return onDay(t.weekday) && t.minuteOfDay >= from && t.minuteOfDay < to;
  if (t.minuteOfDay >= from) return onDay(t.weekday);
  return t.minuteOfDay < to && onDay(previousDay(t.weekday));
}

export interface ActiveLimit {
  /** The main fuse limit per phase in force now (A, before the margin). */
  limitA: number;
  /** The schedule entry that set it, or null when the fuse itself applies. */
  entry: ScheduleEntry | null;
}

/** The main limit at a time: the lowest of the fuse and every active schedule entry. */
export function mainLimit(site: SiteSettings, timeMs: number): ActiveLimit {
  let best: ActiveLimit = { limitA: site.fuseA, entry: null };
  if (site.schedule.length === 0) return best;
  const t = localTime(timeMs, site.timezone);
  for (const entry of site.schedule) {
    if (entryActive(entry, t) && entry.limitA < best.limitA) best = { limitA: entry.limitA, entry };
  }
  return best;
}
