// Reference copy: src/core as of commit 3d0f4ee, before the allocator speed round (issue 3,
// session 2). Verbatim but for import paths. The differential test (allocate.differential.test.ts)
// holds the new code to exactly these results; do not edit, except to follow an intended change.
// The allocator (contract 2): pure — inputs, state and now in; setpoints, reasons and the next
// state out. No clock, no I/O. One cycle:
//   1. fail-safe when the meter is stale            (failsafe.ts)
//   2. base load per circuit and phase              (estimate.ts)
//   3. capacities, budgets (quarter hour, external, solar surplus) as solver lines (problem.ts, peak.ts, schedule.ts)
//   4. modes and hysteresis into device ranges      (modes.ts, hysteresis.ts)
//   5. the solver: minimums first, priority, max-min fairness (solver.ts)
//   6. fast down, slow up; pv clocks; 1p/3p switching; reasons (decide.ts)
// docs/algorithm.md explains each step and the test that shows it.
import type { SiteConfig } from '../../../site/schema.js';
import { decide, type DecideContext, type SolvedDevice } from './decide.js';
import { circuitLoads, netImportW } from './estimate.js';
import { failsafeDevice } from './failsafe.js';
import { headroom, switchFit } from './headroom.js';
import type { AllocationSummary, AllocatorInputs, CircuitStatus, DeviceDecision } from '../../inputs.js';
import { planDevice } from './modes.js';
import { advanceQuarter, quarterBudget } from './peak.js';
import { buildProblem, lineTotals, type CycleProblem, type LineTotals } from './problem.js';
import type { LineView, ReasonContext } from './reasons.js';
import { mainLimit } from './schedule.js';
import { copyMemory, startDevice, startsOf, type Starts } from './session.js';
import { solve } from './solver.js';
import type { AllocatorState, DeviceMemory } from './state.js';
import { buildTopology, type Topology } from './topology.js';
import { circuitStatus, inputWarnings } from './report.js';

export interface AllocationResult {
  devices: DeviceDecision[];
  circuits: CircuitStatus[];
  summary: AllocationSummary;
  /** Inputs that did not match the configuration (unknown device ids, phase counts). */
  warnings: string[];
  state: AllocatorState;
}

const topologies = new WeakMap<SiteConfig, Topology>();
/**
 * The devices records allocate() made: every memory in one has all its fields and nothing else,
 * so an unchanged memory can go into the next state as the same object (states are never
 * mutated). A state from elsewhere (JSON, a test) has its memories copied once, as before.
 */
const produced = new WeakSet<Record<string, DeviceMemory>>();

/** The topology of a configuration, built once per configuration object. */
export function topologyOf(site: SiteConfig | Topology): Topology {
  if ('circuits' in site && 'lines' in site && 'deviceIndex' in site) return site;
  let t = topologies.get(site);
  if (!t) {
    t = buildTopology(site);
    topologies.set(site, t);
  }
  return t;
}

export function allocate(
  site: SiteConfig | Topology,
  inputs: AllocatorInputs,
  state: AllocatorState,
  nowMs: number,
): AllocationResult {
  const topology = topologyOf(site);
  const settings = topology.config.site;
  const parsedMs = inputs.time === undefined ? NaN : Date.parse(inputs.time);
  const wallMs = Number.isFinite(parsedMs) ? parsedMs : nowMs;
  const elapsedS = state.lastMs === null ? 0 : Math.max(0, (nowMs - state.lastMs) / 1000);
  const devices = topology.devices;
  const share = produced.has(state.devices);
  const starts = startsOf(topology);
  let knownInputs = 0;
  for (let i = 0; i < devices.length; i++) {
    const d = devices[i]!;
    const input = inputs.devices[d.id];
    if (input !== undefined) knownInputs++;
    startDevice(d, i, starts, state.devices[d.id], input, settings, nowMs, elapsedS, share);
  }
  const warnings = inputWarnings(topology, inputs, knownInputs);
  const ageS = inputs.grid.ageS ?? 0;
  if (inputs.grid.netCurrentA === null || ageS > settings.staleAfterS) {
    return failsafeCycle(
      topology,
      starts,
      inputs.grid.netCurrentA === null ? null : ageS,
      state,
      nowMs,
      warnings,
    );
  }

  const loads = circuitLoads(topology, inputs, starts.estimateA);
  const netW = netImportW(inputs, settings.network, settings.voltageV);
  const reading = advanceQuarter(state, Math.max(0, netW), wallMs, settings.timezone, inputs);
  const quarter = quarterBudget(settings, reading);
  const limit = mainLimit(settings, wallMs);
  const plans = starts.plan;
  let devicesW = 0;
  let solarW = 0;
  for (let i = 0; i < devices.length; i++) {
    const memory = starts.memory[i]!;
    const plan = planDevice(
      devices[i]!,
      memory,
      starts.connected[i] === 1,
      settings,
      nowMs,
      wallMs,
      plans[i],
    );
    devicesW += starts.estimateW[i]!;
    if (plan.solar !== 'none') solarW += starts.estimateW[i]!;
  }
  const surplusW = solarW - netW;
  const external = inputs.externalLimit;
  const externalCandidates = [
    external?.totalW,
    external?.totalA === undefined ? undefined : external.totalA * settings.voltageV,
  ].filter((v): v is number => v !== undefined);
  const cycle = buildProblem(topology.config, topology, loads, plans, limit.limitA, {
    peakW: quarter ? quarter.allowedW - (netW - devicesW) : null,
    externalW: externalCandidates.length > 0 ? Math.min(...externalCandidates) : null,
    surplusW,
  });
  const allocation = solve(cycle.problem);
  const totals = lineTotals(cycle.problem, allocation.currentA, allocation.usedA);
  const remaining = totals.remainingA;
  const view = lineViews(cycle, totals);

  const reasons: ReasonContext = {
    voltageV: settings.voltageV,
    quarter,
    surplusW: Math.max(0, surplusW),
    schedule: limit.entry ? `${limit.entry.from}–${limit.entry.to} ${limit.entry.limitA} A` : null,
  };
  const context: DecideContext = {
    site: settings,
    nowMs,
    elapsedS,
    siteImportW: netW,
    reasons,
    limitTexts: new Map(),
  };
  const infeasible = allocation.infeasibleLines.length > 0;
  // One SolvedDevice for all: decide reads it during the call and keeps nothing of it.
  const solved: SolvedDevice = {
    targetA: 0,
    binding: null,
    shed: false,
    availableA: 0,
    availableLine: null,
    overload: null,
    drawingA: null,
  };
  const decisions = new Array<DeviceDecision>(devices.length);
  const memories = new Array<DeviceMemory>(devices.length);
  for (let i = 0; i < devices.length; i++) {
    const d = devices[i]!;
    const plan = plans[i]!;
    const targetA = allocation.currentA[i] ?? 0;
    const binding = allocation.bindingLine[i] ?? null;
    solved.targetA = targetA;
    solved.binding = binding === null ? null : view(binding);
    solved.shed = allocation.shed[i] ?? false;
    if (targetA > 0) {
      solved.availableA = targetA;
      solved.availableLine = null;
    } else {
      const avail = headroom(cycle.problem, cycle.kinds, remaining, i, 0, plan.wiring.loads, 1, true);
      solved.availableA = avail.availableA;
      solved.availableLine = avail.line === null ? null : view(avail.line);
    }
    solved.overload = infeasible && binding !== null ? view(binding) : null;
    const drawingA = starts.drawingA[i]!;
    solved.drawingA = Number.isNaN(drawingA) ? null : drawingA;
    const fit = switchFit(d, cycle, remaining, plan, i, targetA, surplusW);
    const out = decide(d, plan, starts.memory[i]!, solved, fit, context, starts.owned[i] === 1);
    decisions[i] = out.decision;
    memories[i] = out.memory;
  }

  const summary: AllocationSummary = {
    failsafe: false,
    quarterHour: quarter
      ? {
          targetW: quarter.targetW,
          averageSoFarW: quarter.averageSoFarW,
          elapsedS: quarter.elapsedS,
          allowedW: quarter.allowedW,
        }
      : null,
    surplusW,
    scheduleLimitA: limit.entry ? limit.limitA : null,
  };
  return {
    devices: decisions,
    circuits: circuitStatus(topology, loads, cycle, remaining, limit.limitA),
    summary,
    warnings,
    state: nextState(topology, memories, nowMs, reading),
  };
}

function failsafeCycle(
  topology: Topology,
  starts: Starts,
  ageS: number | null,
  state: AllocatorState,
  nowMs: number,
  warnings: string[],
): AllocationResult {
  const settings = topology.config.site;
  const out = topology.devices.map((d, i) => {
    const memory = starts.owned[i] === 1 ? starts.memory[i]! : copyMemory(starts.memory[i]!);
    return failsafeDevice(d, memory, starts.connected[i] === 1, settings, ageS, nowMs);
  });
  const circuits = topology.circuits.map((c, i): CircuitStatus => ({
    id: c.id,
    limitA: i === 0 ? settings.fuseA : c.fuseA,
    measuredA: null,
    baseLoadA: [],
    availableA: [],
    headroomA: [],
  }));
  return {
    devices: out.map((x) => x.decision),
    circuits,
    summary: { failsafe: true, quarterHour: null, surplusW: 0, scheduleLimitA: null },
    warnings,
    state: nextState(
      topology,
      out.map((x) => x.memory),
      nowMs,
      state,
    ),
  };
}

function nextState(
  topology: Topology,
  memories: DeviceMemory[],
  nowMs: number,
  accounting: Pick<AllocatorState, 'quarter' | 'month'>,
): AllocatorState {
  const devices: Record<string, DeviceMemory> = {};
  const list = topology.devices;
  for (let i = 0; i < list.length; i++) {
    const m = memories[i];
    if (m) devices[list[i]!.id] = m;
  }
  produced.add(devices);
  return { lastMs: nowMs, devices, quarter: accounting.quarter, month: accounting.month };
}

/** LineView of a line (one per line, made when first asked), with the devices that got current on it. */
function lineViews(cycle: CycleProblem, totals: LineTotals): (line: number) => LineView {
  const views = new Array<LineView | undefined>(cycle.problem.lines.length);
  return (line) =>
    (views[line] ??= {
      kind: cycle.kinds[line] ?? 'phase',
      label: cycle.problem.lines[line]?.label ?? `line ${line}`,
      capacityA: cycle.problem.lines[line]?.capacityA ?? 0,
      sharing: totals.sharing[line] ?? 0,
      topPriority: totals.topPriority[line] ?? -Infinity,
    });
}
