// Numbers and times as the dashboard shows them: units always, local time, a dash for unknown.
const DASH = '–';

export function amps(a: number | null | undefined, digits = 1): string {
  return a == null || !Number.isFinite(a) ? DASH : `${a.toFixed(digits)} A`;
}

/** W below 1 kW, kW above: "850 W", "3.42 kW". */
export function watts(w: number | null | undefined): string {
  if (w == null || !Number.isFinite(w)) return DASH;
  return Math.abs(w) < 1000 ? `${Math.round(w)} W` : `${(w / 1000).toFixed(2)} kW`;
}

export function kwh(e: number | null | undefined): string {
  return e == null || !Number.isFinite(e) ? DASH : `${e.toFixed(2)} kWh`;
}

/** "4 s", "2 min", "3 h". */
export function duration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return DASH;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/** Local time; the date too when it is not today. */
export function localTime(atMs: number, nowMs: number = Date.now()): string {
  const at = new Date(atMs);
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (at.toDateString() === new Date(nowMs).toDateString()) return time;
  return `${at.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`;
}

export function percent(fraction: number): string {
  return `${Math.max(0, Math.min(100, fraction * 100)).toFixed(1)}%`;
}

/** A CSS width for a bar segment: value / scale, within 0..100 %. */
export function width(value: number, scale: number): string {
  return scale > 0 ? percent(Math.max(0, value) / scale) : '0%';
}
