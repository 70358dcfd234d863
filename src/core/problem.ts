// Builds the solver's input for one cycle, straight into the solver's typed arrays (solver-work.ts)
// kept per topology: per circuit phase the capacity left for the controllable devices (limit −
// margin − base load, at every level of the tree), the neutral, and budgets as extra lines in
// "site amps" at voltageV (coefficient = a device's W per A / V): the quarter-hour budget, the
// external limit, and the solar surplus for pv-like devices. No SolverDevice objects on the way:
// solve() takes those; allocate() fills the work directly (docs/algorithm-solver.md "Data layout").
import type { SiteConfig } from '../site/schema.js';
import type { CircuitLoads } from './estimate.js';
import { OFF_NONE, SOLAR_CREDITED, SOLAR_NONE, type PlanColumns } from './modes.js';
import { ReasonTexts } from './reason-texts.js';
import type { LineView } from './reasons.js';
import { idOrder } from './solver-order.js';
import { buildRows, solarMask } from './problem-rows.js';
import { emptyWork, SolverInputError, setNeutralBase, setRange, type Work } from './solver-work.js';
import type { DeviceRange, DeviceWiring, Topology } from './topology.js';
import { WaterFill } from './water-fill.js';

export type LineKind = 'phase' | 'neutral' | 'peak' | 'external' | 'surplus' | 'surplusStart';

export interface Budgets {
  /** W the devices together may draw under the quarter-hour budget (allowed − base), or null. */
  peakW: number | null;
  /** The external limit for the devices together, W, or null. */
  externalW: number | null;
  /** Export available to pv-like devices (what they draw now included), W. */
  surplusW: number;
}

/**
 * One topology's solver input and what the controller reads back, reused every cycle (refilled
 * by buildProblem: use it within the cycle). Device arrays of the work are in the solver's
 * canonical order (ascending id): topology device i is work index canon[i].
 */
export interface CycleProblem {
  work: Work;
  filler: WaterFill;
  canon: Int32Array;
  /** Per line (the first work.lineCount): its kind and label; budgets follow the topology's lines. */
  kinds: LineKind[];
  labels: string[];
  /** Per line, once the devices have their targets (lineTotals): capacity left, who shares it. */
  remainingA: Float64Array;
  sharing: Int32Array;
  topPriority: Float64Array;
  /** Each line's view for the reasons (outcomes.ts viewOf), refreshed once a cycle when asked. */
  views: (LineView | undefined)[];
  viewStamps: Int32Array;
  viewStamp: number;
  /** Reason texts per line, kept from cycle to cycle. */
  texts: ReasonTexts;
  /** What the work's rows and ranges were last built from (problem.ts reuses them when unchanged). */
  rowsValid: boolean;
  layout: Int32Array;
  rowWiring: (DeviceWiring | null)[];
  /** How many of the row's loads are its wiring's phase lines (they open the row). */
  rowPhaseLines: Uint8Array;
  rowMask: Uint8Array;
  rowRange: (DeviceRange | null)[];
  rowForced: Uint8Array;
}

export const SURPLUS_LABEL = 'solar surplus';
export const PEAK_LABEL = 'quarter-hour budget';
export const EXTERNAL_LABEL = 'external limit';
const START_LABEL = `${SURPLUS_LABEL} to start`;
/** Budget lines a cycle can have: peak, external, surplus, surplus to start. */
const MAX_BUDGETS = 4;

const scratch = new WeakMap<Topology, CycleProblem>();

function cycleProblemOf(topology: Topology): CycleProblem {
  let cp = scratch.get(topology);
  if (cp) return cp;
  const devices = topology.devices;
  const n = devices.length;
  // The ids' order is checked once per topology (duplicates throw, as solve() does).
  const order = idOrder({ devices, idOrder: topology.idOrder });
  const canon = new Int32Array(n);
  for (let c = 0; c < n; c++) canon[order[c]!] = c;
  let maxLoads = 0;
  for (const d of devices) {
    maxLoads += Math.max(d.wiring.loads.length, d.singlePhase?.loads.length ?? 0) + MAX_BUDGETS;
  }
  const maxLines = topology.lines.length + MAX_BUDGETS;
  const ids = Array.from(order, (i) => devices[i]!.id);
  const work = emptyWork(order, ids, maxLines, maxLoads, topology.neutralLine);
  for (let c = 0; c < n; c++) work.priority[c] = devices[order[c]!]!.config.priority;
  const kinds = topology.lines.map((l): LineKind => (l.phase === null ? 'neutral' : 'phase'));
  const labels = topology.lines.map((l) => l.label);
  cp = {
    work,
    filler: new WaterFill(work),
    canon,
    kinds,
    labels,
    remainingA: new Float64Array(maxLines),
    sharing: new Int32Array(maxLines),
    topPriority: new Float64Array(maxLines),
    // Made here, one after another, rather than when first asked: a device bound by a line reads
    // its view, and views made in line order sit together in memory.
    views: Array.from({ length: maxLines }, (_, line): LineView | undefined => ({
      line,
      kind: 'phase',
      label: '',
      capacityA: 0,
      sharing: 0,
      topPriority: -Infinity,
    })),
    viewStamps: new Int32Array(maxLines),
    viewStamp: 0,
    texts: new ReasonTexts(maxLines),
    rowsValid: false,
    layout: new Int32Array(4),
    rowWiring: new Array<DeviceWiring | null>(n).fill(null),
    rowPhaseLines: new Uint8Array(n),
    rowMask: new Uint8Array(n),
    rowRange: new Array<DeviceRange | null>(n).fill(null),
    rowForced: new Uint8Array(n),
  };
  scratch.set(topology, cp);
  return cp;
}

/** The solver's input for this cycle, in the topology's reused CycleProblem. */
export function buildProblem(
  config: SiteConfig,
  topology: Topology,
  loads: CircuitLoads,
  /** Each device's plan and shed rank, by topology index (planDevice), and its range's minimum. */
  plans: PlanColumns & { minA: Float64Array },
  mainLimitA: number,
  budgets: Budgets,
): CycleProblem {
  const { site } = config;
  const cp = cycleProblemOf(topology);
  const { work: w, kinds, labels } = cp;
  const capacity = w.capacity;
  const tLines = topology.lines;
  const lineCount0 = tLines.length;
  for (let l = 0; l < lineCount0; l++) {
    const line = tLines[l]!;
    if (line.phase === null) {
      capacity[l] = (site.neutralA ?? 0) - site.marginA;
      continue;
    }
    const circuit = topology.circuits[line.circuit];
    const limitA = line.circuit === 0 ? mainLimitA : (circuit?.fuseA ?? 0);
    capacity[l] = limitA - (circuit?.marginA ?? 0) - (loads.baseA[3 * line.circuit + line.phase] ?? 0);
  }

  // Budgets in "site amps": capacity W / V; each device on one loads it with its W per A / V.
  let lineCount = lineCount0;
  const voltageV = site.voltageV;
  let peakLine = -1;
  let externalLine = -1;
  let surplusLine = -1;
  let startLine = -1;
  if (budgets.peakW !== null) {
    peakLine = lineCount;
    lineCount = budgetLine(cp, lineCount, PEAK_LABEL, 'peak', budgets.peakW / voltageV);
  }
  if (budgets.externalW !== null) {
    externalLine = lineCount;
    lineCount = budgetLine(cp, lineCount, EXTERNAL_LABEL, 'external', budgets.externalW / voltageV);
  }
  const surplusW = Math.max(0, budgets.surplusW);
  // Credited devices (minpv, planned, a started pv device) keep their minimum when the surplus
  // falls short, and share the surplus when it is more: together max(surplus, Σ minimums).
  let creditW = 0;
  let anySolar = false;
  let anyCandidate = false;
  const { planOff, planSolar, planWattsPerA, minA } = plans;
  for (let i = 0; i < planOff.length; i++) {
    const solar = planSolar[i]!;
    if (solar === SOLAR_NONE) continue;
    anySolar = true;
    if (planOff[i] !== OFF_NONE) continue;
    if (solar === SOLAR_CREDITED) creditW += minA[i]! * planWattsPerA[i]!;
    else anyCandidate = true;
  }
  if (anySolar) {
    surplusLine = lineCount;
    lineCount = budgetLine(cp, lineCount, SURPLUS_LABEL, 'surplus', Math.max(surplusW, creditW) / voltageV);
  }
  // A pv device that has not started must be covered by the surplus alone, not by the credits.
  if (anyCandidate) {
    startLine = lineCount;
    lineCount = budgetLine(cp, lineCount, START_LABEL, 'surplusStart', surplusW / voltageV);
  }
  w.lineCount = lineCount;
  kinds.length = lineCount;
  labels.length = lineCount;
  for (let l = 0; l < lineCount; l++) {
    if (Number.isNaN(capacity[l])) throw new SolverInputError(`line ${l} "${labels[l]}": capacity is NaN`);
  }

  // Each device's row: its wiring's phase lines (nearest circuit first), then its budget lines.
  // Rows depend on the wiring and the budget lines a device is on; when neither changed for any
  // device since the last cycle, last cycle's rows stand (and so does the neutral's phasor).
  // Ranges: the same range object (ranges are never changed in place) and the same forcedOff give
  // the same allowed values; only the shed rank, new every cycle, is checked again. One pass.
  const { shedRank, input } = w;
  const { planWiring, planRange, rank: ranks } = plans;
  const { rowRange, rowForced, rowWiring, rowMask, layout } = cp;
  let rowsSame =
    cp.rowsValid &&
    layout[0] === peakLine &&
    layout[1] === externalLine &&
    layout[2] === surplusLine &&
    layout[3] === startLine;
  for (let c = 0; c < w.n; c++) {
    const i = input[c]!;
    if (rowsSame) rowsSame = planWiring[i] === rowWiring[c] && solarMask(planSolar[i]!) === rowMask[c];
    const rank = ranks[i]!;
    shedRank[c] = rank;
    const range = planRange[i]!;
    const forced = planOff[i] !== OFF_NONE ? 1 : 0;
    if (range === rowRange[c] && forced === rowForced[c]) {
      if (Number.isNaN(w.priority[c]) || Number.isNaN(rank)) {
        throw new SolverInputError(`device "${w.ids[c]}": priority or shedRank is NaN`);
      }
      continue;
    }
    rowRange[c] = null;
    setRange(w, c, range.minA, range.maxA, range.stepA, range.levelsA, forced === 1);
    rowRange[c] = range;
    rowForced[c] = forced;
  }
  if (!rowsSame) {
    cp.rowsValid = false;
    buildRows(cp, plans, peakLine, externalLine, surplusLine, startLine, voltageV);
    layout[0] = peakLine;
    layout[1] = externalLine;
    layout[2] = surplusLine;
    layout[3] = startLine;
  }
  const nw = w.neutral;
  if (nw) {
    const base = loads.baseA;
    setNeutralBase(nw, capacity[nw.line]!, [base[0]!, base[1]!, base[2]!]);
  }
  return cp;
}

function budgetLine(
  cp: CycleProblem,
  line: number,
  label: string,
  kind: LineKind,
  capacityA: number,
): number {
  cp.work.capacity[line] = capacityA;
  cp.kinds[line] = kind;
  cp.labels[line] = label;
  return line + 1;
}
