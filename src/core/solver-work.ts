// The solver's working state: flat typed arrays in a canonical device order (sorted by id, so the
// answer never depends on input order), each device's allowed values, and the feasibility checks
// every phase of the solver shares. Internal to solver.ts and its parts.
import { neutralReach, phasor } from './neutral.js';
import type { SolverProblem } from './solver-types.js';

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
  capacity: Float64Array;
  /** The devices' amps on every line (the neutral line's entry is unused). */
  load: Float64Array;
  x: Float64Array;
  on: Uint8Array;
  shed: Uint8Array;
  /** Line that stopped the device (-1: none). */
  binding: Int32Array;
  neutral: NeutralWork | null;
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

export function createWork(problem: SolverProblem): Work {
  const { lines, devices, neutral } = problem;
  const n = devices.length;
  const lineCount = lines.length;
  const input = Int32Array.from(devices.keys()).sort((a, b) => {
    const ia = devices[a]!.id;
    const ib = devices[b]!.id;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  const ids = Array.from(input, (i) => devices[i]!.id);
  for (let d = 1; d < n; d++) {
    if (ids[d] === ids[d - 1]) throw new SolverInputError(`duplicate device id "${ids[d]}"`);
  }
  const capacity = Float64Array.from(lines, (l, i) => {
    if (Number.isNaN(l.capacityA)) throw new SolverInputError(`line ${i} "${l.label}": capacity is NaN`);
    return l.capacityA;
  });
  if (neutral && (neutral.line < 0 || neutral.line >= lineCount)) {
    throw new SolverInputError(`neutral line ${neutral.line} is not a line`);
  }
  const neutralLine = neutral ? neutral.line : -1;

  let nnz = 0;
  for (const dev of devices) nnz += dev.loads.length;
  const w: Work = {
    n,
    lineCount,
    input,
    ids,
    priority: new Float64Array(n),
    shedRank: new Float64Array(n),
    lo: new Float64Array(n),
    top: new Float64Array(n),
    stepA: new Float64Array(n),
    levels: new Array<number[] | undefined>(n),
    runnable: new Uint8Array(n),
    loadStart: new Int32Array(n + 1),
    loadLine: new Int32Array(nnz),
    loadCoef: new Float64Array(nnz),
    capacity,
    load: new Float64Array(lineCount),
    x: new Float64Array(n),
    on: new Uint8Array(n),
    shed: new Uint8Array(n),
    binding: new Int32Array(n).fill(-1),
    neutral: null,
  };
  if (neutral) {
    const [zRe, zIm] = phasor(neutral.baseA);
    w.neutral = {
      line: neutral.line,
      capacityA: capacity[neutral.line]!,
      vRe: new Float64Array(n),
      vIm: new Float64Array(n),
      zRe,
      zIm,
    };
  }

  let k = 0;
  for (let d = 0; d < n; d++) {
    const dev = devices[input[d]!]!;
    w.loadStart[d] = k;
    for (const { line, coefficient } of dev.loads) {
      if (!(line >= 0 && line < lineCount)) throw new SolverInputError(`device "${dev.id}": no line ${line}`);
      if (line === neutralLine) {
        throw new SolverInputError(`device "${dev.id}": the neutral is not a linear load (use phaseA)`);
      }
      if (!(coefficient >= 0)) {
        throw new SolverInputError(
          `device "${dev.id}": coefficient ${coefficient} on line ${line} is not ≥ 0`,
        );
      }
      if (coefficient === 0) continue;
      w.loadLine[k] = line;
      w.loadCoef[k] = coefficient;
      k++;
    }
    if (!(dev.stepA >= 0)) throw new SolverInputError(`device "${dev.id}": stepA ${dev.stepA} is not ≥ 0`);
    w.priority[d] = dev.priority;
    w.shedRank[d] = dev.shedRank;
    w.stepA[d] = dev.stepA;
    setRange(w, d, dev.minA, dev.maxA, dev.levelsA);
    if (dev.forcedOff) w.runnable[d] = 0;
    if (w.neutral && dev.phaseA) {
      const [re, im] = phasor(dev.phaseA);
      w.neutral.vRe[d] = re;
      w.neutral.vIm[d] = im;
    }
  }
  w.loadStart[n] = k;
  return w;
}

/** lo, top and levels from the device's range; not runnable when nothing above 0 is allowed. */
function setRange(w: Work, d: number, minA: number, maxA: number, levelsA: number[] | undefined): void {
  if (levelsA) {
    const allowed = levelsA.filter((l) => l > 0 && l >= minA - EPS && l <= maxA + EPS).sort((a, b) => a - b);
    w.levels[d] = allowed;
    w.lo[d] = allowed[0] ?? 0;
    w.top[d] = allowed[allowed.length - 1] ?? 0;
  } else {
    const step = w.stepA[d]!;
    const lo = Math.max(0, minA);
    w.lo[d] = lo;
    w.top[d] = step > 0 ? roundA(lo + Math.floor((maxA - lo) / step + 1e-9) * step) : maxA;
  }
  w.runnable[d] = w.top[d]! > 0 && w.top[d]! >= w.lo[d]! ? 1 : 0;
}

/** Rounds away float noise from sums of steps (6 + 3 × 0.1 = 6.300000000000001). */
export function roundA(a: number): number {
  return Math.round(a * 1e9) / 1e9;
}

/** The largest allowed value ≤ a (a ≥ lo). */
export function quantiseDown(w: Work, d: number, a: number): number {
  const levels = w.levels[d];
  const lo = w.lo[d]!;
  if (levels) {
    let best = lo;
    for (const l of levels) if (l <= a + EPS) best = l;
    return best;
  }
  const step = w.stepA[d]!;
  if (step === 0) return Math.min(a, w.top[d]!);
  return Math.min(w.top[d]!, roundA(lo + Math.floor((a - lo) / step + 1e-9) * step));
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

/** The first line over capacity if device d rose by delta, or -1 when it fits. */
export function violated(w: Work, d: number, delta: number): number {
  const { loadStart, loadLine, loadCoef, load, capacity } = w;
  for (let k = loadStart[d]!; k < loadStart[d + 1]!; k++) {
    const l = loadLine[k]!;
    if (load[l]! + loadCoef[k]! * delta > capacity[l]! + EPS) return l;
  }
  const nw = w.neutral;
  if (nw && (nw.vRe[d] !== 0 || nw.vIm[d] !== 0)) {
    const re = nw.zRe + delta * nw.vRe[d]!;
    const im = nw.zIm + delta * nw.vIm[d]!;
    if (Math.hypot(re, im) > nw.capacityA + EPS) return nw.line;
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
