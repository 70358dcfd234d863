// The history tabs and their charts' data: which resolution answers which span, and the
// HistoryPoint list (GET /api/history) turned into uPlot's column arrays (x in seconds).
import type uPlot from 'uplot';
import type { HistoryPoint, Resolution } from './types.js';

export type Span = 'hours' | 'day' | 'month';

export interface SpanChoice {
  label: string;
  spanMs: number;
  /** The first is the default; more than one shows a switch. */
  resolutions: Resolution[];
  refreshMs: number;
  /** Over a day or a month the averages hide the peaks that matter for a fuse: show the maxima. */
  phaseMax: boolean;
}

const HOUR_MS = 3_600_000;

export const SPANS: Record<Span, SpanChoice> = {
  hours: { label: 'Hours', spanMs: 3 * HOUR_MS, resolutions: ['minute'], refreshMs: 30_000, phaseMax: false },
  day: {
    label: 'Day',
    spanMs: 24 * HOUR_MS,
    resolutions: ['quarter', 'hour'],
    refreshMs: 120_000,
    phaseMax: true,
  },
  month: {
    label: 'Month',
    spanMs: 31 * 24 * HOUR_MS,
    resolutions: ['day'],
    refreshMs: 600_000,
    phaseMax: true,
  },
};

type Column = (number | null)[];

/** Import, export and PV in kW. */
export function powerData(points: readonly HistoryPoint[]): uPlot.AlignedData {
  const x = points.map((p) => p.tMs / 1000);
  const kw = (w: number | null) => (w === null ? null : Math.round(w) / 1000);
  return [
    x,
    points.map((p) => kw(p.importW)) as Column,
    points.map((p) => kw(p.exportW)) as Column,
    points.map((p) => kw(p.pvW)) as Column,
  ] as uPlot.AlignedData;
}

/** Per-phase current (average or highest) and the limit in force, A. */
export function currentData(
  points: readonly HistoryPoint[],
  phases: number,
  useMax: boolean,
): uPlot.AlignedData {
  const x = points.map((p) => p.tMs / 1000);
  const columns: Column[] = [];
  for (let ix = 0; ix < phases; ix++) {
    columns.push(points.map((p) => (useMax ? p.phaseMaxA : p.phaseA)[ix] ?? null));
  }
  columns.push(points.map((p) => p.limitA));
  return [x, ...columns] as uPlot.AlignedData;
}
