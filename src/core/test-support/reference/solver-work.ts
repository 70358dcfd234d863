// The solver's working state: flat typed arrays in a canonical device order (sorted by id, so the
// answer never depends on input order), each device's allowed values, and the feasibility checks
// every phase of the solver shares. Internal to solver.ts and its parts.
import { neutralReach, phasor } from './neutral.js';
import { idOrder } from './solver-order.js';
import type { SolverProblem } from './solver-types.js';

/** Amps of rounding tolerated on a line (sums of thousands of float currents). */
export const EPS = 1e-7;
const HALF_SQRT3 = Math.sqrt(3) / 2;

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
  const input = idOrder(problem);
  const capacity = new Float64Array(lineCount);
  for (let l = 0; l < lineCount; l++) {
    const line = lines[l]!;
    if (Number.isNaN(line.capacityA))
      throw new SolverInputError(`line ${l} "${line.label}": capacity is NaN`);
    capacity[l] = line.capacityA;
  }
  if (neutral && !(neutral.line >= 0 && neutral.line < lineCount)) {
    throw new SolverInputError(`neutral line ${neutral.line} is not a line`);
  }
  const neutralLine = neutral ? neutral.line : -1;

  let nnz = 0;
  for (let i = 0; i < n; i++) nnz += devices[i]!.loads.length;
  // Locals, not fields, in the loop below: it runs once per device and load every cycle.
  const ids = new Array<string>(n);
  const priority = new Float64Array(n);
  const shedRank = new Float64Array(n);
  const lo = new Float64Array(n);
  const top = new Float64Array(n);
  const stepA = new Float64Array(n);
  const levels = new Array<number[] | undefined>(n).fill(undefined);
  const runnable = new Uint8Array(n);
  const loadStart = new Int32Array(n + 1);
  const loadLine = new Int32Array(nnz);
  const loadCoef = new Float64Array(nnz);
  const vRe = new Float64Array(neutral ? n : 0);
  const vIm = new Float64Array(neutral ? n : 0);
  let k = 0;
  for (let d = 0; d < n; d++) {
    const dev = devices[input[d]!]!;
    ids[d] = dev.id;
    loadStart[d] = k;
    const loads = dev.loads;
    for (let j = 0; j < loads.length; j++) {
      const load = loads[j]!;
      const line = load.line;
      const coefficient = load.coefficient;
      if (!(line >= 0 && line < lineCount) || line === neutralLine || !(coefficient >= 0)) {
        throw new SolverInputError(badLoad(dev.id, line, coefficient, neutralLine));
      }
      if (coefficient === 0) continue;
      loadLine[k] = line;
      loadCoef[k] = coefficient;
      k++;
    }
    const step = dev.stepA;
    if (!(step >= 0)) throw new SolverInputError(`device "${dev.id}": stepA ${step} is not ≥ 0`);
    if (Number.isNaN(dev.priority) || Number.isNaN(dev.shedRank)) {
      throw new SolverInputError(`device "${dev.id}": priority or shedRank is NaN`);
    }
    if (!Number.isFinite(dev.minA) || !Number.isFinite(dev.maxA)) {
      throw new SolverInputError(`device "${dev.id}": range [${dev.minA}, ${dev.maxA}] is not finite`);
    }
    priority[d] = dev.priority;
    shedRank[d] = dev.shedRank;
    stepA[d] = step;
    const levelsA = dev.levelsA;
    if (levelsA) {
      const allowed = allowedLevels(levelsA, dev.minA, dev.maxA);
      levels[d] = allowed;
      lo[d] = allowed[0] ?? 0;
      top[d] = allowed[allowed.length - 1] ?? 0;
    } else {
      const min = Math.max(0, dev.minA);
      lo[d] = min;
      top[d] = step > 0 ? roundA(min + Math.floor((dev.maxA - min) / step + 1e-9) * step) : dev.maxA;
    }
    runnable[d] = !dev.forcedOff && top[d]! > 0 && top[d]! >= lo[d]! ? 1 : 0;
    const phaseA = dev.phaseA;
    if (neutral && phaseA) {
      // The phasor of its per-amp phase currents (neutral.ts phasor(), inlined: this runs per device).
      vRe[d] = phaseA[0] - (phaseA[1] + phaseA[2]) / 2;
      vIm[d] = HALF_SQRT3 * (phaseA[1] - phaseA[2]);
    }
  }
  loadStart[n] = k;
  let neutralWork: NeutralWork | null = null;
  if (neutral) {
    const [zRe, zIm] = phasor(neutral.baseA);
    neutralWork = { line: neutral.line, capacityA: capacity[neutral.line]!, vRe, vIm, zRe, zIm };
  }
  return {
    n,
    lineCount,
    input,
    ids,
    priority,
    shedRank,
    lo,
    top,
    stepA,
    levels,
    runnable,
    loadStart,
    loadLine,
    loadCoef,
    capacity,
    load: new Float64Array(lineCount),
    x: new Float64Array(n),
    on: new Uint8Array(n),
    shed: new Uint8Array(n),
    binding: new Int32Array(n).fill(-1),
    neutral: neutralWork,
  };
}

function badLoad(id: string, line: number, coefficient: number, neutralLine: number): string {
  if (line === neutralLine) return `device "${id}": the neutral is not a linear load (use phaseA)`;
  if (!(coefficient >= 0)) return `device "${id}": coefficient ${coefficient} on line ${line} is not ≥ 0`;
  return `device "${id}": no line ${line}`;
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
