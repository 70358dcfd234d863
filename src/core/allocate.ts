// The allocator (contract 2): pure — inputs, state and now in; setpoints, reasons and the next
// state out. No clock, no I/O. One cycle:
//   1. fail-safe when the meter is stale            (failsafe.ts)
//   2. base load per circuit and phase              (estimate.ts)
//   3. capacities, budgets (quarter hour, external, solar surplus) as solver lines (problem.ts, peak.ts, schedule.ts)
//   4. modes and hysteresis into device ranges      (modes.ts, hysteresis.ts)
//   5. the solver: minimums first, priority, max-min fairness (solver.ts), on typed arrays
//      allocate() fills itself and reuses every cycle (docs/algorithm-solver.md "Data layout")
//   6. fast down, slow up; pv clocks; 1p/3p switching; reasons (outcomes.ts, decide.ts)
// docs/algorithm.md explains each step and the test that shows it.
import type { SiteConfig } from '../site/schema.js';
import { parseIsoMs } from '../model/iso-time.js';
import { circuitLoads, gatherInputs, netImportW } from './estimate.js';
import { failsafeDevice } from './failsafe.js';
import type { AllocationSummary, AllocatorInputs, CircuitStatus, DeviceDecision } from './inputs.js';
import { planDevice, SOLAR_NONE } from './modes.js';
import { advanceQuarter, quarterBudget, type QuarterBudget } from './peak.js';
import { lazyResult, type DecisionColumns } from './decisions.js';
import { decideAll, lineTotals } from './outcomes.js';
import { buildProblem } from './problem.js';
import { mainLimit } from './schedule.js';
import { readRow, tableState } from './memory-table.js';
import { beginTable, rangeColumns, startDevice, startsOf, type Starts } from './session.js';
import { solveWork } from './solver.js';
import { copyMemory, type AllocatorState, type DeviceMemory } from './state.js';
import { buildTopology, type Topology } from './topology.js';
import { circuitStatus, inputWarnings } from './report.js';

/**
 * A large site's result (memories in columns, from 65 devices: session.ts COLUMNS) makes `devices`
 * and `warnings` when first read: the decisions from `decisionTable`, the warnings from the inputs
 * as they are then (the unknown-id check counts `inputs.devices`' keys, 0.9 ms at 10,000 entries).
 * So treat the inputs as read-only until the result's warnings are read; the controller and the
 * simulator make or refill them only for the next cycle. A small site's result is made at once.
 */
export interface AllocationResult {
  devices: DeviceDecision[];
  circuits: CircuitStatus[];
  summary: AllocationSummary;
  /** Inputs that did not match the configuration (unknown device ids, phase counts). */
  warnings: string[];
  state: AllocatorState;
  /** A large site's decisions in columns, by configuration order (null for a small site). */
  decisionTable: DecisionColumns | null;
}

const topologies = new WeakMap<SiteConfig, Topology>();
/**
 * What allocate() keeps on a state it made, under a symbol (JSON leaves it out): its memories by
 * topology index, as objects (a small site) or as the cycle's array (a large one: memory-table.ts).
 * Every memory object in one has all its fields and nothing else, so an unchanged memory can go
 * into the next state as the same object, and the next cycle finds each by position rather than
 * by id (states are never mutated). A state from elsewhere (JSON, a test) is read by id and its
 * memories copied once. A WeakMap did the same at ~3 % of the simulator's time (one set per cycle).
 */
const PRODUCED = Symbol('ampshare.allocator');
interface Produced {
  topology: Topology;
  /** A small site's memories; null with columns. */
  memories: DeviceMemory[] | null;
  /** A large site's memories in columns (never written after its cycle); null without. */
  data: Float64Array | null;
  /** The record by id, once built: a copy whose `devices` is another object is not ours. */
  devices: Record<string, DeviceMemory> | null;
}
type OwnState = AllocatorState & { [PRODUCED]?: Produced };

function producedOf(state: AllocatorState): Produced | undefined {
  const mine = (state as OwnState)[PRODUCED];
  // Not built yet: only the state itself has been read (a spread or a copy reads `devices`).
  if (mine === undefined || mine.devices === null) return mine;
  return state.devices === mine.devices ? mine : undefined;
}

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
  const parsedMs = inputs.time === undefined ? NaN : parseIsoMs(inputs.time);
  const wallMs = Number.isFinite(parsedMs) ? parsedMs : nowMs;
  const elapsedS = state.lastMs === null ? 0 : Math.max(0, (nowMs - state.lastMs) / 1000);
  const devices = topology.devices;
  const mine = producedOf(state);
  const share = mine !== undefined;
  const starts = startsOf(topology);
  const own = mine?.topology === topology && starts.uniqueIds ? mine : null;
  const columns = starts.rows;
  if (columns !== null) beginTable(starts, own?.data ?? null, own?.data ? {} : state.devices);
  const previous = columns === null ? (own?.memories ?? null) : null;
  const ageS = inputs.grid.ageS ?? 0;
  const failsafe = inputs.grid.netCurrentA === null || ageS > settings.staleAfterS;
  // The inputs first, in a pass of their own (estimate.ts gatherInputs); then one pass over the
  // devices: each one's start of the cycle, then (unless the meter is stale) its plan.
  const ids = starts.ids;
  const knownInputs = gatherInputs(starts, ids, inputs.devices);
  let devicesW = 0;
  let solarW = 0;
  for (let i = 0; i < devices.length; i++) {
    const d = devices[i]!;
    const before =
      columns !== null
        ? starts.hasPrevious[i] === 1
          ? columns[i]
          : undefined
        : previous
          ? previous[i]
          : state.devices[ids[i]!];
    startDevice(d, i, starts, before, settings, nowMs, elapsedS, share);
    if (failsafe) continue;
    planDevice(d, starts.memory[i]!, starts.connected[i] === 1, settings, nowMs, wallMs, starts, i);
    rangeColumns(starts, i, starts.planRange[i]!);
    devicesW += starts.estimateW[i]!;
    if (starts.planSolar[i] !== SOLAR_NONE) solarW += starts.estimateW[i]!;
  }
  if (failsafe) {
    return failsafeCycle(
      topology,
      starts,
      inputs.grid.netCurrentA === null ? null : ageS,
      state,
      nowMs,
      inputWarnings(topology, inputs, knownInputs),
    );
  }

  const loads = circuitLoads(topology, inputs, starts.estimateA);
  const netW = netImportW(inputs, settings.network, settings.voltageV);
  const reading = advanceQuarter(state, Math.max(0, netW), wallMs, settings.timezone, inputs);
  const quarter = quarterBudget(settings, reading);
  const limit = mainLimit(settings, wallMs);
  const surplusW = solarW - netW;
  const cycle = buildProblem(topology.config, topology, loads, starts, limit.limitA, {
    peakW: quarter ? quarter.allowedW - (netW - devicesW) : null,
    externalW: externalLimitW(inputs, settings.voltageV),
    surplusW,
  });
  const infeasible = solveWork(cycle.work, cycle.filler).length > 0;
  lineTotals(cycle);
  const { decisions, memories } = decideAll(topology, starts, cycle, {
    site: settings,
    nowMs,
    elapsedS,
    siteImportW: netW,
    surplusW,
    quarter,
    limit,
    infeasible,
  });

  const summary = summaryOf(false, quarter, surplusW, limit.entry ? limit.limitA : null);
  const next = nextState(topology, starts, memories, nowMs, reading);
  const circuits = circuitStatus(topology, loads, cycle, limit.limitA);
  if (Array.isArray(decisions)) {
    const warnings = inputWarnings(topology, inputs, knownInputs);
    return { devices: decisions, circuits, summary, warnings, state: next, decisionTable: null };
  }
  return lazyResult(decisions, circuits, summary, next, () => inputWarnings(topology, inputs, knownInputs));
}

/**
 * The cycle's summary, made as an empty object that gets its fields one by one. An object literal
 * with the fields in it deoptimized allocate() on every cycle of a site with a solar surplus (V8
 * 11.3's `--trace-deopt`: "lost precision" at the store of surplusW, 193 times in 300 cycles of the
 * 10,000-device home site, inlined or not), and each cycle's loop over the devices then ran
 * unoptimized until V8 optimized it again: a literal's objects start from the map V8 made for its
 * first values, and a surplus that was a whole number then and a fraction now does not fit it.
 * Fields added one by one follow the map V8 keeps widening instead.
 */
function summaryOf(
  failsafe: boolean,
  quarter: QuarterBudget | null,
  surplusW: number,
  scheduleLimitA: number | null,
): AllocationSummary {
  const summary = {} as AllocationSummary;
  summary.failsafe = failsafe;
  summary.quarterHour = null;
  if (quarter) {
    const q = {} as NonNullable<AllocationSummary['quarterHour']>;
    q.targetW = quarter.targetW;
    q.averageSoFarW = quarter.averageSoFarW;
    q.elapsedS = quarter.elapsedS;
    q.allowedW = quarter.allowedW;
    summary.quarterHour = q;
  }
  summary.surplusW = surplusW;
  summary.scheduleLimitA = scheduleLimitA;
  return summary;
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
    summary: summaryOf(true, null, 0, null),
    warnings,
    state: nextState(
      topology,
      starts,
      out.map((x) => x.memory),
      nowMs,
      state,
    ),
    decisionTable: null,
  };
}

function nextState(
  topology: Topology,
  starts: Starts,
  /** A small site's memories (null with columns: the table holds them). */
  memories: DeviceMemory[] | null,
  nowMs: number,
  accounting: Pick<AllocatorState, 'quarter' | 'month'>,
): AllocatorState {
  const ids = starts.ids;
  if (starts.table === null) {
    // A small site's record costs less than the getter below: an object literal with an accessor
    // takes V8's slow path, ~0.8 µs, a tenth of a 3-device cycle (the simulator's case).
    const devices: Record<string, DeviceMemory> = {};
    for (let i = 0; i < ids.length; i++) devices[ids[i]!] = memories![i]!;
    const state: OwnState = {
      lastMs: nowMs,
      devices,
      quarter: accounting.quarter,
      month: accounting.month,
      [PRODUCED]: { topology, memories, data: null, devices },
    };
    return state;
  }
  // A large site's record by id is built from its array when someone reads it (a test,
  // JSON.stringify, a copy): the next cycle copies the array and reads it by position. An own
  // enumerable getter, so JSON and spreads see a plain `devices`. The cursors in `memories` stay
  // inside allocate(): the record is made of plain objects.
  const data = tableState(starts.table);
  const mine: Produced = { topology, memories: null, data, devices: null };
  const state: OwnState = {
    lastMs: nowMs,
    get devices(): Record<string, DeviceMemory> {
      if (mine.devices === null) {
        const devices: Record<string, DeviceMemory> = {};
        for (let i = 0; i < ids.length; i++) devices[ids[i]!] = readRow(data, i);
        mine.devices = devices;
      }
      return mine.devices;
    },
    quarter: accounting.quarter,
    month: accounting.month,
    [PRODUCED]: mine,
  };
  return state;
}

/** The external limit for the devices together, W: the lower of totalW and totalA · V, or null. */
function externalLimitW(inputs: AllocatorInputs, voltageV: number): number | null {
  const external = inputs.externalLimit;
  const totalW = external?.totalW;
  const totalA = external?.totalA;
  if (totalA === undefined) return totalW === undefined ? null : Math.min(totalW);
  return totalW === undefined ? Math.min(totalA * voltageV) : Math.min(totalW, totalA * voltageV);
}
