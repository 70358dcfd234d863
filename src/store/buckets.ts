// Where a bucket of each resolution starts. second/minute/quarter are fixed lengths from the epoch;
// hour/day/month follow the site's wall clock, so a day is 23 or 25 hours across a DST change and
// the autumn's repeated hour is two buckets. Quarter rows can feed every local bucket because every
// zone offset in use is a multiple of 15 minutes (src/model/local-time.ts).
import type { Resolution } from '../model/history.js';
import { localTime, zoneOffsetMs } from '../model/local-time.js';

const FIXED_MS: Partial<Record<Resolution, number>> = { second: 1000, minute: 60_000, quarter: 900_000 };

/** The instant the wall clock in `timeZone` shows year-month-day 00:00 (months and days may overflow). */
export function localMidnightMs(year: number, month: number, day: number, timeZone: string): number {
  const wallMs = Date.UTC(year, month - 1, day);
  const guessMs = wallMs - zoneOffsetMs(wallMs, timeZone);
  return wallMs - zoneOffsetMs(guessMs, timeZone);
}

export function bucketStartMs(tMs: number, resolution: Resolution, timeZone: string): number {
  const fixed = FIXED_MS[resolution];
  if (fixed !== undefined) return Math.floor(tMs / fixed) * fixed;
  if (resolution === 'hour') {
    // The wall clock's hour, back in UTC: cheap (the offset is cached per quarter hour).
    const wallMs = tMs + zoneOffsetMs(tMs, timeZone);
    return tMs - (((wallMs % 3_600_000) + 3_600_000) % 3_600_000);
  }
  const lt = localTime(tMs, timeZone);
  return localMidnightMs(lt.year, lt.month, resolution === 'day' ? lt.day : 1, timeZone);
}

/** The start of the bucket after the one starting at `startMs`. */
export function nextBucketStartMs(startMs: number, resolution: Resolution, timeZone: string): number {
  const fixed = FIXED_MS[resolution];
  if (fixed !== undefined) return startMs + fixed;
  if (resolution === 'hour') return startMs + 3_600_000;
  const lt = localTime(startMs, timeZone);
  return resolution === 'day'
    ? localMidnightMs(lt.year, lt.month, lt.day + 1, timeZone)
    : localMidnightMs(lt.year, lt.month + 1, 1, timeZone);
}
