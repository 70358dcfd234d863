// After the solver: for every device, what the solver gave it (its target, the line that bound
// it, what it could get while paused, a line over its limit) into decide(), which turns it into
// this cycle's setpoint, reason and memory (decide.ts). Reads the cycle's work (problem.ts) in
// topology order; the objects it hands decide() are the topology's own, refilled per device.
import type { SiteSettings } from '../site/schema.js';
import { decide, decideScratch, type DecideContext, type SolvedDevice } from './decide.js';
import { DecisionColumns, decisionOf, emptyDecided, type Decided } from './decisions.js';
import { headroom, switchFit, type Headroom } from './headroom.js';
import type { DeviceDecision } from './inputs.js';
import { emptyPlan, planOf, type DevicePlan } from './modes.js';
import type { SwitchFit } from './phase-switch.js';
import type { CycleProblem } from './problem.js';
import type { QuarterBudget } from './peak.js';
import type { LineView, ReasonContext } from './reasons.js';
import type { ActiveLimit } from './schedule.js';
import type { Starts } from './session.js';
import { EPS } from './solver-work.js';
import type { DeviceMemory } from './state.js';
import type { Topology } from './topology.js';

/** What the cycle knows besides the work: for the reasons and the clocks. */
export interface CycleFacts {
  site: SiteSettings;
  nowMs: number;
  elapsedS: number;
  siteImportW: number;
  surplusW: number;
  quarter: QuarterBudget | null;
  limit: ActiveLimit;
  /** Some line is over its limit with every device at 0 (then every device got 0). */
  infeasible: boolean;
}

/** The objects the loop hands decide(), one set per topology (decide keeps none of them). */
interface Scratch {
  solved: SolvedDevice;
  avail: Headroom;
  fit: SwitchFit;
  decided: Decided;
  /** The device at hand's plan, from the cycle's columns (modes.ts planOf). */
  plan: DevicePlan;
  reasons: ReasonContext;
  context: DecideContext;
}

const scratches = new WeakMap<Topology, Scratch>();

function scratchOf(topology: Topology): Scratch {
  let s = scratches.get(topology);
  if (!s) {
    const reasons: ReasonContext = { voltageV: 0, quarter: null, surplusW: 0, schedule: null };
    s = {
      solved: {
        targetA: 0,
        binding: null,
        shed: false,
        availableA: 0,
        availableLine: null,
        overload: null,
        drawingA: NaN,
        minA: 0,
        maxA: 0,
        stepA: 0,
        discrete: false,
        priority: 0,
        full: null,
        one: undefined,
      },
      avail: { availableA: 0, line: null },
      fit: { fits3: false, fits1: false },
      decided: emptyDecided(),
      plan: emptyPlan(),
      reasons,
      context: {
        site: topology.config.site,
        nowMs: 0,
        elapsedS: 0,
        siteImportW: 0,
        reasons,
        scratch: decideScratch(),
      },
    };
    scratches.set(topology, s);
  }
  return s;
}

/** "17:00–21:00 40 A" for a schedule entry (config objects: made once each). */
const scheduleTexts = new WeakMap<object, string>();
function scheduleText(entry: NonNullable<ActiveLimit['entry']>): string {
  let text = scheduleTexts.get(entry);
  if (text === undefined) {
    text = `${entry.from}–${entry.to} ${entry.limitA} A`;
    scheduleTexts.set(entry, text);
  }
  return text;
}

/**
 * Every device's decision and next memory, in topology order. With columns (a large site) the
 * decisions go into columns and the memories are the table's rows already: `memories` is null.
 */
export function decideAll(
  topology: Topology,
  starts: Starts,
  cycle: CycleProblem,
  facts: CycleFacts,
): { decisions: DeviceDecision[] | DecisionColumns; memories: DeviceMemory[] | null } {
  const s = scratchOf(topology);
  const { solved, avail, decided, reasons, context } = s;
  reasons.voltageV = facts.site.voltageV;
  reasons.quarter = facts.quarter;
  reasons.surplusW = Math.max(0, facts.surplusW);
  reasons.schedule = facts.limit.entry ? scheduleText(facts.limit.entry) : null;
  context.site = facts.site;
  context.nowMs = facts.nowMs;
  context.elapsedS = facts.elapsedS;
  context.siteImportW = facts.siteImportW;
  context.texts = cycle.texts;
  cycle.texts.nextCycle();
  cycle.viewStamp++;

  const w = cycle.work;
  const devices = topology.devices;
  const columns = starts.rows === null ? null : new DecisionColumns(topology);
  const decisions = columns === null ? new Array<DeviceDecision>(devices.length) : null;
  const memories = columns === null ? new Array<DeviceMemory>(devices.length) : null;
  for (let i = 0; i < devices.length; i++) {
    const d = devices[i]!;
    const plan = planOf(starts, i, s.plan);
    const c = cycle.canon[i]!;
    const targetA = w.x[c]!;
    // At its top (to within EPS) nothing binds it, even if a line filled up in the same step.
    const binding = w.binding[c]! >= 0 && targetA < w.top[c]! - EPS ? w.binding[c]! : null;
    solved.targetA = targetA;
    solved.binding = binding === null ? null : viewOf(cycle, binding);
    solved.shed = w.shed[c] === 1;
    if (targetA > 0) {
      solved.availableA = targetA;
      solved.availableLine = null;
    } else if (plan.off !== null) {
      // Off by a clock, its mode or its plug: the reason names that, and no line bound it (what a
      // line could give it is asked only of a device the limits paused).
      solved.availableA = 0;
      solved.availableLine = null;
    } else {
      headroom(cycle, i, 0, plan.wiring, 1, true, avail);
      solved.availableA = avail.availableA;
      solved.availableLine = avail.line === null ? null : viewOf(cycle, avail.line);
    }
    solved.overload = facts.infeasible && binding !== null ? viewOf(cycle, binding) : null;
    solved.drawingA = starts.drawingA[i]!;
    solved.minA = starts.minA[i]!;
    solved.maxA = starts.maxA[i]!;
    solved.stepA = starts.stepA[i]!;
    solved.discrete = starts.discrete[i] === 1;
    solved.priority = w.priority[c]!;
    const full = starts.full[i]!;
    const one = starts.one[i];
    solved.full = full;
    solved.one = one;
    // Asked only of a charger that can switch (switchFit's own first test): a call that never runs
    // is not inlined, and V8's inlining budget for this loop goes to the calls that do.
    const fit =
      one === undefined || plan.off !== null
        ? null
        : switchFit(full, one, cycle, plan, i, targetA, facts.surplusW, s.fit);
    decide(d, plan, starts.memory[i]!, solved, fit, context, starts.owned[i] === 1, decided);
    if (columns !== null) columns.set(i, decided, full, starts.fullWattsPerA[i]!, starts.oneWattsPerA[i]!);
    else {
      decisions![i] = decisionOf(d.id, decided);
      memories![i] = decided.memory;
    }
  }
  return { decisions: columns ?? decisions!, memories };
}

/**
 * LineView of a line, with the devices that got current on it: one object per line of the
 * topology, refreshed when first asked in a cycle (views are read within the cycle only; decideAll
 * moves cycle.viewStamp on). A function of the cycle, not a closure made per cycle: a call to a new
 * closure every cycle is not inlined (its call site sees another target each time). The refresh is
 * a function of its own, so that this one is small enough for V8 to inline into decideAll.
 */
function viewOf(cycle: CycleProblem, line: number): LineView {
  const v = cycle.views[line];
  return v !== undefined && cycle.viewStamps[line] === cycle.viewStamp ? v : refreshView(cycle, line);
}

function refreshView(cycle: CycleProblem, line: number): LineView {
  let v = cycle.views[line];
  if (v === undefined) {
    v = { line, kind: 'phase', label: '', capacityA: 0, sharing: 0, topPriority: -Infinity };
    cycle.views[line] = v;
  }
  cycle.viewStamps[line] = cycle.viewStamp;
  v.kind = cycle.kinds[line] ?? 'phase';
  v.label = cycle.labels[line] ?? `line ${line}`;
  v.capacityA = cycle.work.capacity[line] ?? 0;
  v.sharing = cycle.sharing[line] ?? 0;
  v.topPriority = cycle.topPriority[line] ?? -Infinity;
  return v;
}

/**
 * One pass over the devices' loads, in topology order, for what every line has left once the
 * devices draw their targets (the solver's x), how many got current on it, and the highest
 * priority among them. The neutral's from its phasor (the whole neutral current).
 */
export function lineTotals(cp: CycleProblem): void {
  const w = cp.work;
  const count = w.lineCount;
  const { remainingA: left, sharing, topPriority: top, canon } = cp;
  const { capacity, x: xs, loadStart, loadLine, loadCoef, priority } = w;
  for (let l = 0; l < count; l++) {
    left[l] = capacity[l]!;
    sharing[l] = 0;
    top[l] = -Infinity;
  }
  for (let i = 0; i < canon.length; i++) {
    const c = canon[i]!;
    const x = xs[c]!;
    if (x === 0) continue;
    const end = loadStart[c + 1]!;
    for (let k = loadStart[c]!; k < end; k++) {
      const line = loadLine[k]!;
      left[line] = left[line]! - x * loadCoef[k]!;
      if (x > 0) {
        sharing[line] = sharing[line]! + 1;
        if (priority[c]! > top[line]!) top[line] = priority[c]!;
      }
    }
  }
  const nw = w.neutral;
  if (nw) left[nw.line] = capacity[nw.line]! - Math.hypot(nw.zRe, nw.zIm);
}
