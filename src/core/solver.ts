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
import { orderScratch, serviceOrder, type OrderScratch } from './solver-order.js';
import type { SolverAllocation, SolverProblem } from './solver-types.js';
import { createWork } from './solver-create.js';
import { apply, EPS, violated, type Work } from './solver-work.js';
import { WaterFill } from './water-fill.js';

export { SolverInputError } from './solver-work.js';

/** Solves one instant. Throws SolverInputError on malformed input (unknown line, NaN, duplicate id). */
export function solve(problem: SolverProblem): SolverAllocation {
  const w = createWork(problem);
  const infeasible = solveWork(w, new WaterFill(w));
  return output(w, [...infeasible]);
}

/**
 * The typed-array entry: solves a filled Work in place (x, on, shed, binding, load and the
 * neutral's phasor; the caller has set capacities, ranges, loads and the neutral's base) with a
 * WaterFill made for it, both reusable cycle after cycle. Returns the lines over capacity even
 * with every device at 0 (then every device got 0); a shared empty array when there are none.
 */
export function solveWork(w: Work, filler: WaterFill): readonly number[] {
  w.x.fill(0, 0, w.n);
  w.on.fill(0, 0, w.n);
  w.shed.fill(0, 0, w.n);
  w.binding.fill(-1, 0, w.n);
  w.load.fill(0, 0, w.lineCount);
  filler.reset();
  const infeasible = infeasibleLines(w);
  if (infeasible.length > 0) {
    allOff(w, infeasible);
    return infeasible;
  }
  const s = (w.order ??= orderScratch(w.n));
  const m = admit(w, s);
  const order = s.a;
  const classes = priorityClasses(w, order, m, s);
  const { on, classStart, members } = s;
  for (let c = 0; c < classes; c++) {
    let count = 0;
    for (let k = classStart[c]!; k < classStart[c + 1]!; k++) {
      const d = on[k]!;
      if (w.top[d]! > w.lo[d]! + EPS) members[count++] = d;
    }
    filler.fill(members, count);
  }
  // Lines only fill up, but the neutral does not: a load on another phase can relieve it and
  // reopen room for a device it stopped. Fill again, highest class first, until none can rise.
  for (let round = 0; filler.neutralStopped && round < NEUTRAL_ROUNDS; round++) {
    let rose = false;
    for (let c = 0; c < classes; c++)
      rose = topUp(w, on, classStart[c]!, classStart[c + 1]!, members, filler) || rose;
    if (!rose) break;
  }
  // A line that stopped a device still does (lines only fill up); only the neutral can let go.
  if (filler.neutralStopped) {
    for (let k = 0; k < m; k++) {
      const d = order[k]!;
      if (w.on[d] === 1) w.binding[d] = finalBinding(w, d);
    }
  }
  return infeasible;
}

/** Bounds the neutral top-up passes (each pass that continues raised some device). */
const NEUTRAL_ROUNDS = 20;

/**
 * The devices that are on, grouped by priority class, highest first (order is in service order):
 * class c is s.on[s.classStart[c] .. s.classStart[c + 1]). Returns the number of classes.
 */
function priorityClasses(w: Work, order: Int32Array, m: number, s: OrderScratch): number {
  const { on, classStart } = s;
  let classes = 0;
  let k = 0;
  for (let start = 0; start < m;) {
    let end = start;
    while (end < m && w.priority[order[end]!] === w.priority[order[start]!]) end++;
    classStart[classes++] = k;
    for (let j = start; j < end; j++) if (w.on[order[j]!] === 1) on[k++] = order[j]!;
    start = end;
  }
  classStart[classes] = k;
  return classes;
}

// Not frozen: a frozen array has another map than the arrays infeasibleLines makes, and reading
// `.length` of either in allocate() then deoptimized it by turns ("wrong map", up to 57 times in
// 300 cycles of the 10,000-device home site). Never written: it is typed read-only.
const NONE: readonly number[] = [];

/** Lines over capacity with every device at 0 (the neutral: base load alone over its limit). */
function infeasibleLines(w: Work): readonly number[] {
  let out: number[] | null = null;
  const nw = w.neutral;
  for (let l = 0; l < w.lineCount; l++) {
    const over =
      nw && l === nw.line ? Math.hypot(nw.zRe, nw.zIm) > nw.capacityA + EPS : w.capacity[l]! < -EPS;
    if (over) (out ??= []).push(l);
  }
  return out ?? NONE;
}

/**
 * Nothing can make an overloaded line fit, so every device gets 0 (a minimum is never forced over
 * a limit). Each device is told the overloaded line it loads, else the first overloaded line.
 */
function allOff(w: Work, infeasible: readonly number[]): void {
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
 * Leaves the runnable devices in service order in s.a and returns how many there are.
 */
function admit(w: Work, s: OrderScratch): number {
  const m = serviceOrder(w.n, w.runnable, w.priority, w.shedRank, s);
  const order = s.a;
  for (let k = 0; k < m; k++) {
    const d = order[k]!;
    const line = violated(w, d, w.lo[d]!);
    if (line < 0) {
      w.on[d] = 1;
      apply(w, d, w.lo[d]!);
    } else {
      w.shed[d] = 1;
      w.binding[d] = line;
    }
  }
  return m;
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
  const usedA = Array.from(w.load.subarray(0, w.lineCount));
  if (w.neutral) usedA[w.neutral.line] = Math.hypot(w.neutral.zRe, w.neutral.zIm);
  return { currentA, bindingLine, shed, usedA, infeasibleLines };
}
