// The allocator (contract 2): pure — inputs, state and now in; setpoints, reasons and the next
// state out. No clock, no I/O. One cycle:
//   1. fail-safe when the meter is stale            (failsafe.ts)
//   2. base load per circuit and phase              (estimate.ts)
//   3. capacities, budgets (quarter hour, external, solar surplus) as solver lines (problem.ts, peak.ts, schedule.ts)
//   4. modes and hysteresis into device ranges      (modes.ts, hysteresis.ts)
//   5. the solver: minimums first, priority, max-min fairness (solver.ts)
//   6. fast down, slow up; pv clocks; 1p/3p switching; reasons (decide.ts)
// docs/algorithm.md explains each step and the test that shows it.
import type { SiteConfig } from '../site/schema.js';
import { decide, type DecideContext } from './decide.js';
import { circuitLoads, netImportW } from './estimate.js';
import { failsafeDevice } from './failsafe.js';
import { headroom, switchFit } from './headroom.js';
import type { AllocationSummary, AllocatorInputs, CircuitStatus, DeviceDecision } from './inputs.js';
import { planDevice } from './modes.js';
import { advanceQuarter, quarterBudget } from './peak.js';
import { buildProblem, remainingA, type CycleProblem } from './problem.js';
import type { LineView, ReasonContext } from './reasons.js';
import { mainLimit } from './schedule.js';
import { startDevice, type DeviceStart } from './session.js';
import { solve } from './solver.js';
import type { SolverAllocation } from './solver-types.js';
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
  const starts = new Array<DeviceStart>(devices.length);
  let knownInputs = 0;
  for (let i = 0; i < devices.length; i++) {
    const d = devices[i]!;
    const input = inputs.devices[d.id];
    if (input !== undefined) knownInputs++;
    starts[i] = startDevice(d, state.devices[d.id], input, settings, nowMs, elapsedS);
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

  const draws = starts.map((s) => s.draw);
  const loads = circuitLoads(topology, inputs, draws);
  const netW = netImportW(inputs, settings.network, settings.voltageV);
  const reading = advanceQuarter(state, Math.max(0, netW), wallMs, settings.timezone, inputs);
  const quarter = quarterBudget(settings, reading);
  const limit = mainLimit(settings, wallMs);
  const plans = topology.devices.map((d, i) =>
    planDevice(d, starts[i]!.memory, starts[i]!.connected, settings, nowMs, wallMs),
  );

  const devicesW = draws.reduce((s, d) => s + d.estimateW, 0);
  const solarW = draws.reduce((s, d, i) => s + (plans[i]!.solar !== 'none' ? d.estimateW : 0), 0);
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
  const remaining = remainingA(cycle.problem, allocation.currentA, allocation.usedA);
  const view = lineViews(cycle, allocation);

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
  const decided = topology.devices.map((d, i) => {
    const plan = plans[i]!;
    const targetA = allocation.currentA[i] ?? 0;
    const binding = allocation.bindingLine[i] ?? null;
    const avail =
      targetA > 0
        ? { availableA: targetA, line: null }
        : headroom(cycle.problem, cycle.kinds, remaining, i, 0, plan.wiring.loads, 1, true);
    return decide(
      d,
      plan,
      starts[i]!.memory,
      {
        targetA,
        binding: binding === null ? null : view(binding),
        shed: allocation.shed[i] ?? false,
        availableA: avail.availableA,
        availableLine: avail.line === null ? null : view(avail.line),
        overload: infeasible && binding !== null ? view(binding) : null,
        drawingA: starts[i]!.draw.drawingA,
      },
      switchFit(d, cycle, remaining, plan, i, targetA, surplusW),
      context,
    );
  });

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
    devices: decided.map((x) => x.decision),
    circuits: circuitStatus(topology, loads, cycle, remaining, limit.limitA),
    summary,
    warnings,
    state: nextState(
      topology,
      decided.map((x) => x.memory),
      nowMs,
      reading,
    ),
  };
}

function failsafeCycle(
  topology: Topology,
  starts: DeviceStart[],
  ageS: number | null,
  state: AllocatorState,
  nowMs: number,
  warnings: string[],
): AllocationResult {
  const settings = topology.config.site;
  const out = topology.devices.map((d, i) =>
    failsafeDevice(d, starts[i]!.memory, starts[i]!.connected, settings, ageS, nowMs),
  );
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
  topology.devices.forEach((d, i) => {
    const m = memories[i];
    if (m) devices[d.id] = m;
  });
  return { lastMs: nowMs, devices, quarter: accounting.quarter, month: accounting.month };
}

/** LineView of a line (one per line, made when first asked), counting the devices that got current on it. */
function lineViews(cycle: CycleProblem, allocation: SolverAllocation): (line: number) => LineView {
  const count = cycle.problem.lines.length;
  const sharing = new Array<number>(count).fill(0);
  const top = new Array<number>(count).fill(-Infinity);
  cycle.problem.devices.forEach((d, i) => {
    if ((allocation.currentA[i] ?? 0) <= 0) return;
    for (const l of d.loads) {
      sharing[l.line] = (sharing[l.line] ?? 0) + 1;
      top[l.line] = Math.max(top[l.line] ?? -Infinity, d.priority);
    }
  });
  const views = new Array<LineView | undefined>(count);
  return (line) =>
    (views[line] ??= {
      kind: cycle.kinds[line] ?? 'phase',
      label: cycle.problem.lines[line]?.label ?? `line ${line}`,
      capacityA: cycle.problem.lines[line]?.capacityA ?? 0,
      sharing: sharing[line] ?? 0,
      topPriority: top[line] ?? -Infinity,
    });
}
