// solve()'s entry: a SolverProblem of objects (lines, devices with their loads) checked and laid out
// as the solver's working arrays (solver-work.ts). allocate() fills a Work directly instead
// (problem.ts); both give the solver the same arrays.
import { idOrder } from './solver-order.js';
import type { SolverProblem } from './solver-types.js';
import { emptyWork, setNeutralBase, setRange, SolverInputError, type Work } from './solver-work.js';

const HALF_SQRT3 = Math.sqrt(3) / 2;

/** The problem's Work. Throws SolverInputError on malformed input (unknown line, NaN, duplicate id). */
export function createWork(problem: SolverProblem): Work {
  const { lines, devices, neutral } = problem;
  const n = devices.length;
  const lineCount = lines.length;
  const input = idOrder(problem);
  for (let l = 0; l < lineCount; l++) {
    const line = lines[l]!;
    if (Number.isNaN(line.capacityA))
      throw new SolverInputError(`line ${l} "${line.label}": capacity is NaN`);
  }
  if (neutral && !(neutral.line >= 0 && neutral.line < lineCount)) {
    throw new SolverInputError(`neutral line ${neutral.line} is not a line`);
  }
  let nnz = 0;
  for (let i = 0; i < n; i++) nnz += devices[i]!.loads.length;
  const ids = new Array<string>(n);
  for (let d = 0; d < n; d++) ids[d] = devices[input[d]!]!.id;
  const w = emptyWork(input, ids, lineCount, nnz, neutral ? neutral.line : null);
  w.lineCount = lineCount;
  const capacity = w.capacity;
  for (let l = 0; l < lineCount; l++) capacity[l] = lines[l]!.capacityA;
  const neutralLine = neutral ? neutral.line : -1;
  // Locals, not fields, in the loop below: it runs once per device and load.
  const { loadStart, loadLine, loadCoef, priority, shedRank } = w;
  const vRe = w.neutral?.vRe;
  const vIm = w.neutral?.vIm;
  let k = 0;
  for (let d = 0; d < n; d++) {
    const dev = devices[input[d]!]!;
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
    priority[d] = dev.priority;
    shedRank[d] = dev.shedRank;
    setRange(w, d, dev.minA, dev.maxA, dev.stepA, dev.levelsA, dev.forcedOff);
    const phaseA = dev.phaseA;
    if (vRe && vIm && phaseA) {
      // The phasor of its per-amp phase currents (neutral.ts phasor(), inlined: this runs per device).
      vRe[d] = phaseA[0] - (phaseA[1] + phaseA[2]) / 2;
      vIm[d] = HALF_SQRT3 * (phaseA[1] - phaseA[2]);
    }
  }
  loadStart[n] = k;
  if (neutral && w.neutral) setNeutralBase(w.neutral, capacity[neutral.line]!, neutral.baseA);
  return w;
}

function badLoad(id: string, line: number, coefficient: number, neutralLine: number): string {
  if (line === neutralLine) return `device "${id}": the neutral is not a linear load (use phaseA)`;
  if (!(coefficient >= 0)) return `device "${id}": coefficient ${coefficient} on line ${line} is not ≥ 0`;
  return `device "${id}": no line ${line}`;
}
