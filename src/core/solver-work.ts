// The solver's working state: flat typed arrays in a canonical device order (sorted by id, so the
// answer never depends on input order), each device's allowed values, and the feasibility checks
// every phase of the solver shares. Internal to solver.ts and its parts.
import { neutralReach, phasor } from './neutral.js';
import type { OrderScratch } from './solver-order.js';
import type { PhaseValues } from '../model/units.js';

/** Amps of rounding tolerated on a line (sums of thousands of float currents). */
export const EPS = 1e-7;

export class SolverInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SolverInputError';
  }
}

export interface Work {
  n: number;
  lineCount: number;
  /** Canonical index → input index. */
  input: Int32Array;
  ids: string[];
  priority: Float64Array;
  shedRank: Float64Array;
  /** Smallest allowed value when on (may be 0), the largest allowed value, and the grid between. */
  lo: Float64Array;
  top: Float64Array;
  stepA: Float64Array;
  levels: (number[] | undefined)[];
  /** Not forced off and has an allowed value above 0. */
  runnable: Uint8Array;
  /** Each device's loads in CSR form: lines loadLine[loadStart[d] .. loadStart[d+1]). */
  loadStart: Int32Array;
  loadLine: Int32Array;
  loadCoef: Float64Array;
  /** Per line (the first lineCount entries; the arrays may be longer when reused). */
  capacity: Float64Array;
  /** The devices' amps on every line (the neutral line's entry is unused). */
  load: Float64Array;
  x: Float64Array;
  on: Uint8Array;
  shed: Uint8Array;
  /** Line that stopped the device (-1: none). */
  binding: Int32Array;
  neutral: NeutralWork | null;
  /** The service order's sort buffers (solver-order.ts), made on first use. */
  order?: OrderScratch;
}

export interface NeutralWork {
  line: number;
  capacityA: number;
  /** Per device: the phasor per amp of setpoint. */
  vRe: Float64Array;
  vIm: Float64Array;
  /** The neutral current now (base load plus devices). */
  zRe: number;
  zIm: number;
}

/**
 * Empty working arrays for n devices, up to maxLines lines and maxLoads (device, line) pairs, to be
 * filled by the caller (capacity, devices, loads) and solved with solveWork; reusable cycle after
 * cycle (solveWork resets what it computes). `order` is the canonical order (ascending id).
 */
export function emptyWork(
  order: Int32Array,
  ids: string[],
  maxLines: number,
  maxLoads: number,
  neutralLine: number | null,
): Work {
  const n = order.length;
  return {
    n,
    lineCount: 0,
    input: order,
    ids,
    priority: new Float64Array(n),
    shedRank: new Float64Array(n),
    lo: new Float64Array(n),
    top: new Float64Array(n),
    stepA: new Float64Array(n),
    levels: new Array<number[] | undefined>(n).fill(undefined),
    runnable: new Uint8Array(n),
    loadStart: new Int32Array(n + 1),
    loadLine: new Int32Array(maxLoads),
    loadCoef: new Float64Array(maxLoads),
    capacity: new Float64Array(maxLines),
    load: new Float64Array(maxLines),
    x: new Float64Array(n),
    on: new Uint8Array(n),
    shed: new Uint8Array(n),
    binding: new Int32Array(n).fill(-1),
    neutral:
      neutralLine === null
        ? null
        : {
            line: neutralLine,
            capacityA: 0,
            vRe: new Float64Array(n),
            vIm: new Float64Array(n),
            zRe: 0,
            zIm: 0,
          },
  };
}

/**
 * Device d's range into the work (canonical index): its allowed values from minA, maxA, stepA or
 * levelsA, and whether it can run. Throws SolverInputError as createWork does.
 */
export function setRange(
  w: Work,
  d: number,
  minA: number,
  maxA: number,
  step: number,
  levelsA: number[] | undefined,
  forcedOff: boolean,
): void {
  if (!(step >= 0)) throw new SolverInputError(`device "${w.ids[d]}": stepA ${step} is not ≥ 0`);
  if (Number.isNaN(w.priority[d]) || Number.isNaN(w.shedRank[d])) {
    throw new SolverInputError(`device "${w.ids[d]}": priority or shedRank is NaN`);
  }
  if (!Number.isFinite(minA) || !Number.isFinite(maxA)) {
    throw new SolverInputError(`device "${w.ids[d]}": range [${minA}, ${maxA}] is not finite`);
  }
  w.stepA[d] = step;
  let lo: number;
  let top: number;
  if (levelsA) {
    const allowed = allowedLevels(levelsA, minA, maxA);
    w.levels[d] = allowed;
    lo = allowed[0] ?? 0;
    top = allowed[allowed.length - 1] ?? 0;
  } else {
    w.levels[d] = undefined;
    lo = Math.max(0, minA);
    top = step > 0 ? roundA(lo + Math.floor((maxA - lo) / step + 1e-9) * step) : maxA;
  }
  w.lo[d] = lo;
  w.top[d] = top;
  w.runnable[d] = !forcedOff && top > 0 && top >= lo ? 1 : 0;
}

/** The neutral's limit and its base-load phasor for this cycle. */
export function setNeutralBase(nw: NeutralWork, capacityA: number, baseA: PhaseValues): void {
  const [zRe, zIm] = phasor(baseA);
  nw.capacityA = capacityA;
  nw.zRe = zRe;
  nw.zIm = zIm;
}

/** The levels within [minA, maxA] above 0, ascending: the given array itself when it already is. */
function allowedLevels(levelsA: number[], minA: number, maxA: number): number[] {
  let clean = true;
  for (let k = 0; k < levelsA.length && clean; k++) {
    const l = levelsA[k]!;
    clean = l > 0 && l >= minA - EPS && l <= maxA + EPS && (k === 0 || l > levelsA[k - 1]!);
  }
  if (clean) return levelsA;
  return [...new Set(levelsA.filter((l) => l > 0 && l >= minA - EPS && l <= maxA + EPS))].sort(
    (a, b) => a - b,
  );
}

/** Rounds away float noise from sums of steps (6 + 3 × 0.1 = 6.300000000000001). */
export function roundA(a: number): number {
  return Math.round(a * 1e9) / 1e9;
}

/** The next allowed value above a, or NaN at the top (or for a continuous device). */
export function nextUp(w: Work, d: number, a: number): number {
  const levels = w.levels[d];
  if (levels) {
    for (const l of levels) if (l > a + EPS) return l;
    return NaN;
  }
  const step = w.stepA[d]!;
  if (step === 0) return NaN;
  const next = roundA(a + step);
  return next <= w.top[d]! + EPS ? next : NaN;
}

/** Whether the neutral current moved by (dRe, dIm) would be over its capacity (no sqrt: hot path). */
export function neutralOver(nw: NeutralWork, dRe: number, dIm: number): boolean {
  const re = nw.zRe + dRe;
  const im = nw.zIm + dIm;
  const limit = nw.capacityA + EPS;
  return re * re + im * im > limit * limit;
}

/** The first line over capacity if device d rose by delta, or -1 when it fits. */
export function violated(w: Work, d: number, delta: number): number {
  const { loadStart, loadLine, loadCoef, load, capacity } = w;
  for (let k = loadStart[d]!; k < loadStart[d + 1]!; k++) {
    const l = loadLine[k]!;
    if (load[l]! + loadCoef[k]! * delta > capacity[l]! + EPS) return l;
  }
  const nw = w.neutral;
  if (nw && (nw.vRe[d] !== 0 || nw.vIm[d] !== 0)) {
    if (neutralOver(nw, delta * nw.vRe[d]!, delta * nw.vIm[d]!)) return nw.line;
  }
  return -1;
}

/** The most device d can rise by without exceeding any line, and the line that stops it (-1: none). */
export function reach(w: Work, d: number): { deltaA: number; line: number } {
  const { loadStart, loadLine, loadCoef, load, capacity } = w;
  let deltaA = Infinity;
  let line = -1;
  for (let k = loadStart[d]!; k < loadStart[d + 1]!; k++) {
    const l = loadLine[k]!;
    const room = Math.max(0, (capacity[l]! - load[l]!) / loadCoef[k]!);
    if (room < deltaA) {
      deltaA = room;
      line = l;
    }
  }
  const nw = w.neutral;
  if (nw) {
    const room = neutralReach(nw.zRe, nw.zIm, nw.vRe[d]!, nw.vIm[d]!, nw.capacityA);
    if (room < deltaA) {
      deltaA = room;
      line = nw.line;
    }
  }
  return { deltaA, line };
}

/** Raises (or lowers) device d by delta and books it on its lines. */
export function apply(w: Work, d: number, delta: number): void {
  w.x[d] = w.x[d]! + delta;
  const { loadStart, loadLine, loadCoef, load } = w;
  for (let k = loadStart[d]!; k < loadStart[d + 1]!; k++) {
    const l = loadLine[k]!;
    load[l] = load[l]! + loadCoef[k]! * delta;
  }
  const nw = w.neutral;
  if (nw) {
    nw.zRe += delta * nw.vRe[d]!;
    nw.zIm += delta * nw.vIm[d]!;
  }
}
