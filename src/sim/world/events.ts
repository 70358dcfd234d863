// When things start: random starts drawn hour by hour from a daily shape (appliances), and
// starts at fixed local times (shifts). Each hour draws from its own stream, keyed by the part and
// the absolute hour, so that a window of a run (another start, fewer days) has the same events.
import type { RunCalendar } from '../calendar.js';
import { childRandom, poisson } from '../random.js';

/** Second (from the run's start) at which calendar hour h begins. */
export function hourStartS(cal: RunCalendar, h: number): number {
  return h * 3600 - cal.offsetS;
}

/** A random stream for one part of the world in one absolute UTC hour (or at one instant). */
export function streamAt(seed: number, label: string, cal: RunCalendar, h: number, extra = ''): () => number {
  const absHour = Math.round((cal.startMs - cal.offsetS * 1000) / 3_600_000) + h;
  return childRandom(seed, `${label}@${absHour}${extra}`);
}

/**
 * Start seconds in [0, endS): `perDay` starts a day on average, spread over the local hours by
 * `hourWeights` (24 values), only on days `onDay(weekday, dayType)` accepts. Sorted; a start
 * within `gapS` of the previous one is dropped (a machine does not start twice at once).
 */
export function randomStarts(
  cal: RunCalendar,
  endS: number,
  perDay: number,
  hourWeights: readonly number[],
  gapS: number,
  seed: number,
  label: string,
  onDay: (weekday: number, dayType: number) => boolean = () => true,
): number[] {
  const total = hourWeights.reduce((s, w) => s + w, 0);
  const starts: number[] = [];
  if (!(total > 0) || perDay <= 0) return starts;
  for (let h = 0; h < cal.hours; h++) {
    const mean = (perDay * (hourWeights[cal.localHour[h]!] ?? 0)) / total;
    if (!(mean > 0)) continue;
    const random = streamAt(seed, label, cal, h);
    const n = poisson(random, mean);
    const from = hourStartS(cal, h);
    if (n === 0 || !onDay(cal.weekday[h]!, cal.dayType[h]!)) continue;
    const picks = Array.from({ length: n }, () => from + Math.floor(random() * 3600)).sort((a, b) => a - b);
    for (const s of picks) {
      if (s < 0 || s >= endS) continue;
      if (starts.length > 0 && s - starts[starts.length - 1]! < gapS) continue;
      starts.push(s);
    }
  }
  return starts;
}

/** Start seconds at local times "HH:MM" on accepted days, each late by up to jitterS. */
export function timedStarts(
  cal: RunCalendar,
  endS: number,
  times: readonly string[],
  jitterS: number,
  seed: number,
  label: string,
  onDay: (weekday: number, dayType: number) => boolean = () => true,
): number[] {
  const wanted = times.map((t) => ({ hour: Number(t.slice(0, 2)), minute: Number(t.slice(3, 5)) }));
  const starts: number[] = [];
  for (let h = 0; h < cal.hours; h++) {
    for (const w of wanted) {
      if (cal.localHour[h] !== w.hour || !onDay(cal.weekday[h]!, cal.dayType[h]!)) continue;
      const jitter = streamAt(seed, label, cal, h, `:${w.minute}`)();
      const s = hourStartS(cal, h) + w.minute * 60 + Math.floor(jitter * (jitterS + 1));
      if (s >= 0 && s < endS) starts.push(s);
    }
  }
  return starts.sort((a, b) => a - b);
}
