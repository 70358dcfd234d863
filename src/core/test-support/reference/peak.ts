// Quarter-hour peak control (the Belgian capacity tariff bills the month's highest 15-minute
// average import, at least 2.5 kW). The state integrates import power over the running quarter;
// the budget for the rest of the quarter follows from the energy already used:
//   allowedW = (targetW · 900 s − energySoFarWh · 3600) / remainingS
import type { SiteSettings } from '../../../site/schema.js';
import type { AllocatorInputs } from '../../inputs.js';
import { monthKey } from './schedule.js';

export const QUARTER_S = 900;
const QUARTER_MS = QUARTER_S * 1000;

export interface QuarterState {
  startMs: number;
  /** Import energy since startMs, Wh. */
  energyWh: number;
  lastMs: number;
  lastImportW: number;
}

export interface MonthState {
  /** Local "YYYY-MM". */
  key: string;
  /** Highest closed quarter-hour average import this month, W. */
  peakW: number;
}

export interface QuarterReading {
  quarter: QuarterState;
  month: MonthState;
  elapsedS: number;
}

/** Quarters start on whole quarter hours; every real zone's offset is a multiple of 15 minutes. */
export function quarterStartMs(timeMs: number): number {
  return Math.floor(timeMs / QUARTER_MS) * QUARTER_MS;
}

/**
 * Advances the quarter and month accounting to timeMs with the import power now (trapezoid
 * between readings). A closed quarter raises the month's peak. Readings the meter gives
 * (quarterHour.energyKWh, capacity.averageDemandW, capacity.monthPeakW) override the integration.
 */
export function advanceQuarter(
  prev: { quarter: QuarterState | null; month: MonthState | null },
  importW: number,
  timeMs: number,
  timeZone: string,
  inputs: Pick<AllocatorInputs, 'quarterHour' | 'grid'>,
): QuarterReading {
  const startMs = quarterStartMs(timeMs);
  const key = monthKey(timeMs, timeZone);
  let peakW = prev.month?.key === key ? prev.month.peakW : 0;
  let energyWh: number;
  const q = prev.quarter;
  if (q && q.startMs === startMs && timeMs >= q.lastMs) {
    energyWh = q.energyWh + (((q.lastImportW + importW) / 2) * (timeMs - q.lastMs)) / 3.6e6;
  } else if (q && q.startMs < startMs) {
    // The previous quarter closed: finish it up to its end, count it in its month's peak.
    const endMs = q.startMs + QUARTER_MS;
    const meanW = (q.lastImportW + importW) / 2;
    const closedWh = q.energyWh + (meanW * Math.max(0, endMs - q.lastMs)) / 3.6e6;
    if (monthKey(q.startMs, timeZone) === key) peakW = Math.max(peakW, (closedWh * 3600) / QUARTER_S);
    // The new quarter's part of the interval: the same mean when the quarters are adjacent.
    energyWh = ((endMs === startMs ? meanW : importW) * (timeMs - startMs)) / 3.6e6;
  } else {
    // Cold start (or a clock that went back): assume the quarter so far ran at today's import.
    energyWh = (importW * (timeMs - startMs)) / 3.6e6;
  }
  let elapsedS = (timeMs - startMs) / 1000;
  const given = inputs.quarterHour;
  const averageDemandW = inputs.grid.capacity?.averageDemandW;
  if (given?.energyKWh !== undefined) {
    energyWh = given.energyKWh * 1000;
    if (given.elapsedS !== undefined) elapsedS = given.elapsedS;
  } else if (averageDemandW !== undefined && averageDemandW !== null) {
    // e-MUCS 1-0:1.4.0: the running quarter's average demand so far.
    energyWh = (averageDemandW * elapsedS) / 3600;
  }
  const monthPeakW = inputs.grid.capacity?.monthPeakW;
  if (monthPeakW !== undefined && monthPeakW !== null) peakW = Math.max(peakW, monthPeakW);
  return {
    quarter: { startMs, energyWh, lastMs: timeMs, lastImportW: importW },
    month: { key, peakW },
    elapsedS,
  };
}

export interface QuarterBudget {
  /** The target average import for the quarter, W (margin not yet taken off). */
  targetW: number;
  averageSoFarW: number;
  elapsedS: number;
  remainingS: number;
  /** Average import power allowed for the rest of the quarter, W. */
  allowedW: number;
}

/** The allowed average import for the rest of the quarter (null when peak control is not configured). */
export function quarterBudget(
  site: SiteSettings,
  reading: QuarterReading,
  energyWh = reading.quarter.energyWh,
): QuarterBudget | null {
  const peak = site.peak;
  if (!peak) return null;
  const wanted = peak.targetW === 'monthPeak' ? reading.month.peakW : peak.targetW;
  const targetW = Math.max(wanted, peak.minimumW);
  const elapsedS = Math.min(Math.max(reading.elapsedS, 0), QUARTER_S);
  // At least one second left, so that the last second of a quarter does not divide by zero.
  const remainingS = Math.max(QUARTER_S - elapsedS, 1);
  const allowedW = ((targetW - peak.marginW) * QUARTER_S - energyWh * 3600) / remainingS;
  const averageSoFarW = elapsedS > 0 ? (energyWh * 3600) / elapsedS : 0;
  return { targetW, averageSoFarW, elapsedS, remainingS, allowedW };
}
