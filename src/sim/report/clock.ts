// Time-axis ticks in the site's zone: hours for a day or two, days for weeks, months for a year.
// Positions are seconds from the run's start; labels are local (src/model/local-time.ts, so daylight
// saving holds).
import { localTime, zoneOffsetMs } from '../../model/local-time.js';

export interface Tick {
  atS: number;
  label: string;
}

const HOUR_S = 3600;
const DAY_S = 86_400;
const STEPS_S = [
  900,
  1800,
  HOUR_S,
  2 * HOUR_S,
  3 * HOUR_S,
  6 * HOUR_S,
  12 * HOUR_S,
  DAY_S,
  2 * DAY_S,
  7 * DAY_S,
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** Day, short month, and zero-padded hour and minute on the zone's wall clock. */
function parts(ms: number, timeZone: string): { day: string; month: string; hour: string; minute: string } {
  const t = localTime(ms, timeZone);
  return { day: String(t.day), month: MONTHS[t.month - 1] ?? '', hour: two(t.hour), minute: two(t.minute) };
}

/** Offset of the zone from UTC at a time, s (CET → 3600). */
function offsetS(ms: number, timeZone: string): number {
  return zoneOffsetMs(ms, timeZone) / 1000;
}

/** "19 Jan 18:05" in the zone. */
export function localLabel(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.day} ${p.month} ${p.hour}:${p.minute}`;
}

/** About `target` ticks over [0, durationS] from startMs. */
export function timeTicks(startMs: number, durationS: number, timeZone: string, target = 8): Tick[] {
  if (durationS > 60 * DAY_S) return monthTicks(startMs, durationS, timeZone);
  const step = STEPS_S.find((s) => durationS / s <= target) ?? 7 * DAY_S;
  const shift = offsetS(startMs, timeZone);
  const first = Math.ceil((startMs / 1000 + shift) / step) * step - shift - startMs / 1000;
  const ticks: Tick[] = [];
  for (let atS = first; atS <= durationS; atS += step) {
    const p = parts(startMs + atS * 1000, timeZone);
    const midnight = p.hour === '00' && p.minute === '00';
    const label = step >= DAY_S || midnight ? `${p.day} ${p.month}` : `${p.hour}:${p.minute}`;
    ticks.push({ atS, label });
  }
  return ticks;
}

function monthTicks(startMs: number, durationS: number, timeZone: string): Tick[] {
  const ticks: Tick[] = [];
  // Walk the run hour by hour near each month's start: cheap enough for a few years.
  for (let atS = 0; atS <= durationS; atS += HOUR_S) {
    const p = parts(startMs + atS * 1000, timeZone);
    if (p.day === '1' && p.hour === '00') {
      ticks.push({ atS, label: p.month ?? '' });
      atS += 27 * DAY_S;
    }
  }
  return ticks;
}
