// The program's time axis: steps of stepS seconds, grouped into clock quarter hours (the capacity
// tariff's 15-minute average) and local months (its billing period).
import { monthKey } from '../../core/schedule.js';
import { OptimumInputError } from './errors.js';
import type { OptimumInput } from './types.js';

export const QUARTER_S = 900;
const YEAR_S = 365 * 86_400;

export interface TimeGrid {
  stepS: number;
  steps: number;
  /** Hours per step: kW × stepH = kWh. */
  stepH: number;
  /** Quarter group of each step. A step of 900 s or more is a group of its own. */
  quarterOf: Int32Array;
  quarterCount: number;
  /** Steps of each quarter inside the horizon (the edges may be partial). */
  quarterSteps: Int32Array;
  /** Billing period (local month) of each quarter. */
  periodOfQuarter: Int32Array;
  /** Per period: the fraction of a year it bills (its seconds in the run ÷ 365 days). */
  periodYearShare: number[];
  /** Epoch ms of a step's start, or null without startMs. */
  stepStartMs(step: number): number | null;
}

export function timeGrid(input: OptimumInput): TimeGrid {
  const { stepS, steps, startMs } = input;
  if (!(stepS > 0) || (QUARTER_S % stepS !== 0 && stepS % QUARTER_S !== 0)) {
    throw new OptimumInputError('stepS', `${stepS} s is neither a divisor nor a multiple of ${QUARTER_S} s`);
  }
  if (!Number.isInteger(steps) || steps < 0) {
    throw new OptimumInputError('steps', `${steps} is not a whole number of steps`);
  }
  const perQuarter = stepS < QUARTER_S ? QUARTER_S / stepS : 1;
  let offsetSteps = 0;
  if (startMs !== undefined && perQuarter > 1) {
    const intoQuarterS = (((startMs / 1000) % QUARTER_S) + QUARTER_S) % QUARTER_S;
    offsetSteps = intoQuarterS / stepS;
    if (!Number.isInteger(offsetSteps)) {
      throw new OptimumInputError('startMs', `step 0 starts ${intoQuarterS} s into a quarter, not on a step`);
    }
  }
  const quarterOf = new Int32Array(steps);
  for (let t = 0; t < steps; t++) quarterOf[t] = Math.floor((t + offsetSteps) / perQuarter);
  const first = steps > 0 ? (quarterOf[0] ?? 0) : 0;
  for (let t = 0; t < steps; t++) quarterOf[t] = (quarterOf[t] ?? 0) - first;
  const quarterCount = steps > 0 ? (quarterOf[steps - 1] ?? 0) + 1 : 0;
  const quarterSteps = new Int32Array(quarterCount);
  for (let t = 0; t < steps; t++) {
    const q = quarterOf[t] ?? 0;
    quarterSteps[q] = (quarterSteps[q] ?? 0) + 1;
  }

  const stepStartMs = (step: number) => (startMs === undefined ? null : startMs + step * stepS * 1000);
  const periodOfQuarter = new Int32Array(quarterCount);
  const periodYearShare: number[] = [];
  const keys = new Map<string, number>();
  let lastKey = '';
  let period = 0;
  for (let t = 0; t < steps; t++) {
    const q = quarterOf[t] ?? 0;
    if (t === 0 || q !== quarterOf[t - 1]) {
      const at = stepStartMs(t);
      const key = at === null ? 'run' : monthKey(at, input.site.site.timezone);
      if (key !== lastKey) {
        period = keys.get(key) ?? keys.size;
        keys.set(key, period);
        lastKey = key;
      }
      periodOfQuarter[q] = period;
    }
    periodYearShare[period] = (periodYearShare[period] ?? 0) + stepS / YEAR_S;
  }
  return {
    stepS,
    steps,
    stepH: stepS / 3600,
    quarterOf,
    quarterCount,
    quarterSteps,
    periodOfQuarter,
    periodYearShare,
    stepStartMs,
  };
}

/** The fraction of step `step` during which [fromS, toS) holds. */
export function overlapFraction(grid: TimeGrid, step: number, fromS: number, toS: number): number {
  const a = Math.max(fromS, step * grid.stepS);
  const b = Math.min(toS, (step + 1) * grid.stepS);
  return b > a ? (b - a) / grid.stepS : 0;
}
