// The linear program of one window, in kW and kWh (coefficients near 1 keep HiGHS well scaled):
//   p[s,t] ≥ 0   average charging power of session s in step t, ≤ its maximum × the connected share
//   imp[t] ≥ 0   grid import (imp ≥ base − PV + Σ p: export needs no variable, see cost)
//   peak         ≥ every quarter's average import
// rows: Σ_t p·Δh ≤ requested kWh; per line and step Σ p·A/kW ≤ headroom; pv and minpv draw only
// the PV surplus. Three objectives, solved in order by highs.ts: energy (max), peak (min), cost (min).
import type { SessionWiring, SiteLine } from './lines.js';
import { overlapFraction, type TimeGrid } from './time-grid.js';
import { sessionSteps, type Window } from './windows.js';

export interface ProgramContext {
  grid: TimeGrid;
  lines: SiteLine[];
  wiring: SessionWiring[];
  /** Σ phases base − PV per step, kW (negative while exporting). */
  baseNetKW: Float64Array;
  /** max(0, PV − Σ base) per step, kW: what pv-mode chargers may use. */
  surplusKW: Float64Array;
  importPriceEURPerKWh: Float64Array;
  exportPriceEURPerKWh: number;
}

export interface LinearProgram {
  colLower: number[];
  colUpper: number[];
  rowStarts: number[];
  rowIndices: number[];
  rowValues: number[];
  rowLower: number[];
  rowUpper: number[];
  /** The three objectives, one coefficient per column. */
  energy: number[];
  peak: number[];
  cost: number[];
  /** The charging columns: which session (input index) and step each is. */
  charges: { session: number; step: number; col: number }[];
}

class Builder {
  readonly lp: LinearProgram = {
    colLower: [],
    colUpper: [],
    rowStarts: [0],
    rowIndices: [],
    rowValues: [],
    rowLower: [],
    rowUpper: [],
    energy: [],
    peak: [],
    cost: [],
    charges: [],
  };
  col(
    lower: number,
    upper: number,
    objectives: { energy?: number; peak?: number; cost?: number } = {},
  ): number {
    const { lp } = this;
    lp.colLower.push(lower);
    lp.colUpper.push(upper);
    lp.energy.push(objectives.energy ?? 0);
    lp.peak.push(objectives.peak ?? 0);
    lp.cost.push(objectives.cost ?? 0);
    return lp.colLower.length - 1;
  }
  row(lower: number, upper: number, entries: [number, number][]): void {
    const { lp } = this;
    for (const [col, value] of entries) {
      lp.rowIndices.push(col);
      lp.rowValues.push(value);
    }
    lp.rowStarts.push(lp.rowIndices.length);
    lp.rowLower.push(lower);
    lp.rowUpper.push(upper);
  }
}

/** The program of a window, or null when no session in it can charge. */
export function buildProgram(ctx: ProgramContext, window: Window): LinearProgram | null {
  const { grid, wiring } = ctx;
  const b = new Builder();
  const h = grid.stepH;
  const exportValue = (t: number) => Math.min(ctx.exportPriceEURPerKWh, ctx.importPriceEURPerKWh[t] ?? 0);
  // Per step of the window: the charging columns in it, with their session.
  const atStep = new Map<number, { col: number; wiring: SessionWiring; surplusCol: number | null }[]>();

  for (const s of window.sessions) {
    const w = wiring[s];
    const steps = w && sessionSteps(grid, w);
    if (!w || !steps) continue;
    const energy: [number, number][] = [];
    for (let t = steps[0]; t < steps[1]; t++) {
      const share = overlapFraction(grid, t, w.session.arrivalS, w.session.departureS);
      if (!(share > 0)) continue;
      const col = b.col(0, share * w.maxKW, { energy: h, cost: exportValue(t) * h });
      b.lp.charges.push({ session: s, step: t, col });
      energy.push([col, h]);
      let surplusCol: number | null = null;
      if (w.mode === 'pv') surplusCol = col;
      if (w.mode === 'minpv') {
        // x ≥ p − minimum: the part above the minimum, which only the surplus may feed.
        surplusCol = b.col(0, share * w.maxKW);
        b.row(-Infinity, share * w.minKW, [
          [col, 1],
          [surplusCol, -1],
        ]);
      }
      const list = atStep.get(t) ?? [];
      list.push({ col, wiring: w, surplusCol });
      atStep.set(t, list);
    }
    b.row(-Infinity, w.session.energyKWh, energy);
  }
  if (b.lp.charges.length === 0) return null;

  const peak = b.col(0, Infinity, { peak: 1 });
  const importCol = new Map<number, number>();
  for (const [t, charges] of [...atStep].sort((x, y) => x[0] - y[0])) {
    const baseKW = ctx.baseNetKW[t] ?? 0;
    const imp = b.col(Math.max(0, baseKW), Infinity, {
      cost: ((ctx.importPriceEURPerKWh[t] ?? 0) - exportValue(t)) * h,
    });
    importCol.set(t, imp);
    b.row(baseKW, Infinity, [[imp, 1], ...charges.map((c): [number, number] => [c.col, -1])]);
    lineRows(b, ctx, t, charges);
    const surplus = charges.filter((c) => c.surplusCol !== null);
    if (surplus.length > 0) {
      b.row(
        -Infinity,
        ctx.surplusKW[t] ?? 0,
        surplus.map((c): [number, number] => [c.surplusCol ?? 0, 1]),
      );
    }
  }
  quarterRows(b, ctx, window, importCol, peak);
  return b.lp;
}

/** Σ A/kW · p ≤ headroom on every line some charger at step t uses, where it can bind. */
function lineRows(
  b: Builder,
  ctx: ProgramContext,
  t: number,
  charges: { col: number; wiring: SessionWiring }[],
): void {
  const byLine = new Map<number, [number, number][]>();
  const maxA = new Map<number, number>();
  for (const c of charges) {
    for (const line of c.wiring.lines) {
      const entries = byLine.get(line) ?? [];
      entries.push([c.col, c.wiring.aPerKW]);
      byLine.set(line, entries);
      maxA.set(line, (maxA.get(line) ?? 0) + (b.lp.colUpper[c.col] ?? 0) * c.wiring.aPerKW);
    }
  }
  for (const [line, entries] of byLine) {
    // Headroom below zero: the base alone is over; the chargers stay off (contract 2, rule 1).
    const headroomA = Math.max(0, ctx.lines[line]?.headroomA[t] ?? 0);
    if ((maxA.get(line) ?? 0) > headroomA) b.row(-Infinity, headroomA, entries);
  }
}

/** peak ≥ each quarter's average import: the steps with an import column, the others constant. */
function quarterRows(
  b: Builder,
  ctx: ProgramContext,
  window: Window,
  importCol: Map<number, number>,
  peak: number,
): void {
  const { grid } = ctx;
  let t = window.fromStep;
  while (t < window.toStep) {
    const q = grid.quarterOf[t] ?? 0;
    const n = grid.quarterSteps[q] ?? 1;
    const entries: [number, number][] = [[peak, 1]];
    let constantKW = 0;
    for (; t < window.toStep && grid.quarterOf[t] === q; t++) {
      const imp = importCol.get(t);
      if (imp === undefined) constantKW += Math.max(0, ctx.baseNetKW[t] ?? 0) / n;
      else entries.push([imp, -1 / n]);
    }
    if (entries.length > 1) b.row(constantKW, Infinity, entries);
  }
}
