// The solver: one instant, pure maths (contract 2 items 1, 3 and 4; the rules in
// docs/algorithm-solver.md). Given what every line can still carry and every device's range,
// priority and shed order, it returns each device's current:
//   0. if a line is over even with every device at 0, every device gets 0;
//   1. minimums first: in descending priority, then ascending shedRank, then id, each device is
//      switched on at its minimum if that still fits on all its lines, else it is paused (shed);
//   2. then class by class in descending priority, max-min fair water-filling above the minimums
//      (lower classes held at their minimums) in which stepped devices take whole steps;
//   3. with a neutral limit, room a lower class reopened on the neutral goes to the higher ones.
import { finalBinding, topUp } from './solver-finish.js';
import type { SolverAllocation, SolverProblem } from './solver-types.js';
import { apply, createWork, EPS, violated, type Work } from './solver-work.js';
import { WaterFill } from './water-fill.js';

export { SolverInputError } from './solver-work.js';

/** Solves one instant. Throws SolverInputError on malformed input (unknown line, NaN, duplicate id). */
export function solve(problem: SolverProblem): SolverAllocation {
  const w = createWork(problem);
  const infeasible = infeasibleLines(w);
  if (infeasible.length > 0) {
    allOff(w, infeasible);
  } else {
    const order = admit(w);
    const classes = priorityClasses(w, order);
    const filler = new WaterFill(w);
    for (const on of classes) filler.fill(on.filter((d) => w.top[d]! > w.lo[d]! + EPS));
    // Lines only fill up, but the neutral does not: a load on another phase can relieve it and
    // reopen room for a device it stopped. Fill again, highest class first, until none can rise.
    for (let round = 0; filler.neutralStopped && round < NEUTRAL_ROUNDS; round++) {
      let rose = false;
      for (const on of classes) rose = topUp(w, on, filler) || rose;
      if (!rose) break;
    }
    // A line that stopped a device still does (lines only fill up); only the neutral can let go.
    if (filler.neutralStopped) {
      for (const d of order) if (w.on[d] === 1) w.binding[d] = finalBinding(w, d);
    }
  }
  return output(w, infeasible);
}

/** Bounds the neutral top-up passes (each pass that continues raised some device). */
const NEUTRAL_ROUNDS = 20;

/** The devices that are on, grouped by priority class, highest first (order is in service order). */
function priorityClasses(w: Work, order: number[]): number[][] {
  const classes: number[][] = [];
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end < order.length && w.priority[order[end]!] === w.priority[order[start]!]) end++;
    classes.push(order.slice(start, end).filter((d) => w.on[d] === 1));
    start = end;
  }
  return classes;
}

/** Lines over capacity with every device at 0 (the neutral: base load alone over its limit). */
function infeasibleLines(w: Work): number[] {
  const out: number[] = [];
  const nw = w.neutral;
  for (let l = 0; l < w.lineCount; l++) {
    if (nw && l === nw.line) {
      if (Math.hypot(nw.zRe, nw.zIm) > nw.capacityA + EPS) out.push(l);
    } else if (w.capacity[l]! < -EPS) {
      out.push(l);
    }
  }
  return out;
}

/**
 * Nothing can make an overloaded line fit, so every device gets 0 (a minimum is never forced over
 * a limit). Each device is told the overloaded line it loads, else the first overloaded line.
 */
function allOff(w: Work, infeasible: number[]): void {
  const bad = new Set(infeasible);
  const nw = w.neutral;
  for (let d = 0; d < w.n; d++) {
    if (w.runnable[d] !== 1) continue;
    w.shed[d] = 1;
    let line = -1;
    for (let k = w.loadStart[d]!; k < w.loadStart[d + 1]! && line < 0; k++) {
      if (bad.has(w.loadLine[k]!)) line = w.loadLine[k]!;
    }
    if (line < 0 && nw && bad.has(nw.line) && (nw.vRe[d] !== 0 || nw.vIm[d] !== 0)) line = nw.line;
    w.binding[d] = line >= 0 ? line : infeasible[0]!;
  }
}

/**
 * Minimums first: devices in service order (priority descending, shedRank ascending, id) go on at
 * their minimum while it fits; one that does not fit is shed, and the line that did not fit is kept.
 * Returns the runnable devices in service order.
 */
function admit(w: Work): number[] {
  const order = serviceOrder(w);
  for (const d of order) {
    const line = violated(w, d, w.lo[d]!);
    if (line < 0) {
      w.on[d] = 1;
      apply(w, d, w.lo[d]!);
    } else {
      w.shed[d] = 1;
      w.binding[d] = line;
    }
  }
  return order;
}

/**
 * Runnable devices by priority descending, shedRank ascending, id (= index) ascending. Sorting
 * numbers without a comparator is several times faster than with one, so each device becomes one
 * exact integer key: (priority rank, shedRank rank, index), ranks among the sorted distinct values.
 */
function serviceOrder(w: Work): number[] {
  const runnable: number[] = [];
  for (let d = 0; d < w.n; d++) if (w.runnable[d] === 1) runnable.push(d);
  const m = runnable.length;
  const priorityRank = ranks(w.priority, runnable, true);
  const shedRankRank = ranks(w.shedRank, runnable, false);
  const span = m + 1;
  if (span * span * w.n > Number.MAX_SAFE_INTEGER) {
    // Beyond exact integers (millions of devices): the comparator, slower but exact.
    const { priority, shedRank } = w;
    return runnable.sort((a, b) => priority[b]! - priority[a]! || shedRank[a]! - shedRank[b]! || a - b);
  }
  const keys = new Float64Array(m);
  for (let k = 0; k < m; k++) keys[k] = (priorityRank[k]! * span + shedRankRank[k]!) * w.n + runnable[k]!;
  keys.sort();
  const order = new Array<number>(m);
  for (let k = 0; k < m; k++) order[k] = keys[k]! % w.n;
  return order;
}

/** Each chosen device's rank among the distinct values (0 = smallest, or the largest if descending). */
function ranks(values: Float64Array, chosen: number[], descending: boolean): Float64Array {
  const m = chosen.length;
  const sorted = new Float64Array(m);
  for (let k = 0; k < m; k++) sorted[k] = values[chosen[k]!]!;
  sorted.sort();
  const out = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    // Binary search for the value's first position: its rank among the sorted values.
    const v = values[chosen[k]!]!;
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    out[k] = descending ? m - 1 - lo : lo;
  }
  return out;
}

function output(w: Work, infeasibleLines: number[]): SolverAllocation {
  const currentA = new Array<number>(w.n);
  const bindingLine = new Array<number | null>(w.n);
  const shed = new Array<boolean>(w.n);
  for (let d = 0; d < w.n; d++) {
    const i = w.input[d]!;
    currentA[i] = w.x[d]!;
    // At its top (to within EPS) nothing binds it, even if a line filled up in the same step.
    bindingLine[i] = w.binding[d]! >= 0 && w.x[d]! < w.top[d]! - EPS ? w.binding[d]! : null;
    shed[i] = w.shed[d] === 1;
  }
  const usedA = Array.from(w.load);
  if (w.neutral) usedA[w.neutral.line] = Math.hypot(w.neutral.zRe, w.neutral.zIm);
  return { currentA, bindingLine, shed, usedA, infeasibleLines };
}
