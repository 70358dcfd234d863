// Modes → what the solver may give a device this cycle (contract 2 "Modes per device"):
//   off      forced to 0
//   now      0 or [min, max], as much as the limits allow
//   minpv    its minimum always, plus the surplus above it (credited on the surplus line)
//   pv       surplus only: a candidate until its start clock runs out, then credited its minimum
//            until the stop clock runs out (solar.ts)
//   planned  at least the average current that meets the plan by its departure (as minpv with that
//            floor), then as pv once the plan's energy is in
import type { SiteSettings } from '../site/schema.js';
import { shedRank, offTimeLeftS, turnLeftOfS } from './hysteresis.js';
import { switchPauseLeftS } from './phase-switch.js';
import { secondsUntilClock } from './schedule.js';
import type { DeviceMemory } from './state.js';
import type { DeviceRange, DeviceWiring, Topology, TopologyDevice } from './topology.js';

/** How a device meets the solar surplus lines. */
export type SolarRole = 'none' | 'credited' | 'candidate';

export type OffCause =
  | { kind: 'disconnected' }
  | { kind: 'mode' }
  | { kind: 'minOff'; leftS: number }
  | { kind: 'switchPause'; leftS: number };

export interface DevicePlan {
  /** The wiring in use now (one phase after a 1p switch). */
  wiring: DeviceWiring;
  range: DeviceRange;
  off: OffCause | null;
  solar: SolarRole;
  /** planned: the floor that meets the plan, A, else null. */
  planFloorA: number | null;
  /** The mode in effect ("planned" acts as pv once its energy is in). */
  mode: 'off' | 'now' | 'minpv' | 'pv' | 'planned';
  /** A scratch plan's own OffCause objects, reused from device to device (planOf). */
  minOffCause?: { kind: 'minOff'; leftS: number };
  switchPauseCause?: { kind: 'switchPause'; leftS: number };
}

const DISCONNECTED: OffCause = Object.freeze({ kind: 'disconnected' });
const MODE_OFF: OffCause = Object.freeze({ kind: 'mode' });

/** Candidates are shed before anyone else in their class: they are not running yet. */
const CANDIDATE_RANK = 1e12;

/** How a plan holds a device at 0 (PlanColumns.planOff): none, unplugged, mode off, the clocks. */
export const OFF_NONE = 0;
export const OFF_DISCONNECTED = 1;
export const OFF_MODE = 2;
export const OFF_MIN_OFF = 3;
export const OFF_SWITCH_PAUSE = 4;
/** A plan's SolarRole as a code (PlanColumns.planSolar). */
export const SOLAR_NONE = 0;
export const SOLAR_CREDITED = 1;
export const SOLAR_CANDIDATE = 2;

/**
 * What planDevice reads of each device's configuration, by topology index (made once per topology:
 * the pass over every device reads these arrays rather than each device's objects, a cache miss
 * each at 10,000 devices), and where it writes each device's plan for the cycle: in columns, not
 * an object per device (its fields were read by three passes, a cache miss each, and its off
 * causes were objects of their own). planOf() makes a DevicePlan of a row where one is wanted.
 */
export interface PlanColumns {
  /** Each device's shed rank this cycle: a number in an object field would be a new heap number. */
  rank: Float64Array;
  modeOf: DeviceMode[];
  minOnS: Float64Array;
  minOffS: Float64Array;
  /** Its configured wiring, and its 1-phase wiring (chargers with phaseSwitching). */
  full: DeviceWiring[];
  one: (DeviceWiring | undefined)[];
  /**
   * The range it was last capped to by an unused offer, the range that was capped and the cap: the
   * same cap of the same range gives the same object again (ranges are never changed in place, so
   * the solver's row and the range columns stand; a new object per device and cycle would not).
   */
  capped: (DeviceRange | null)[];
  cappedFrom: (DeviceRange | null)[];
  cappedMaxA: Float64Array;
  /** This cycle's plan (DevicePlan's fields): the wiring in use and its W per A, the range. */
  planWiring: DeviceWiring[];
  planWattsPerA: Float64Array;
  planRange: DeviceRange[];
  /** OFF_* code, and the seconds left of a clock that holds it (OFF_MIN_OFF, OFF_SWITCH_PAUSE). */
  planOff: Uint8Array;
  planOffLeftS: Float64Array;
  /** SOLAR_* code. */
  planSolar: Uint8Array;
  /** planned: the floor that meets the plan, A; NaN for none. */
  planFloorA: Float64Array;
  /** The mode in effect ("planned" acts as pv once its energy is in). */
  planMode: DeviceMode[];
}

type DeviceMode = TopologyDevice['config']['mode'];

export function planColumns(topology: Topology): PlanColumns {
  const devices = topology.devices;
  return {
    rank: new Float64Array(devices.length),
    modeOf: devices.map((d) => d.config.mode),
    minOnS: Float64Array.from(devices, (d) => d.config.minOnS),
    minOffS: Float64Array.from(devices, (d) => d.config.minOffS),
    full: devices.map((d) => d.wiring),
    one: devices.map((d) => d.singlePhase),
    capped: devices.map(() => null),
    cappedFrom: devices.map(() => null),
    cappedMaxA: new Float64Array(devices.length),
    planWiring: devices.map((d) => d.wiring),
    planWattsPerA: Float64Array.from(devices, (d) => d.wiring.wattsPerA),
    planRange: devices.map((d) => d.wiring.range),
    planOff: new Uint8Array(devices.length),
    planOffLeftS: new Float64Array(devices.length),
    planSolar: new Uint8Array(devices.length),
    planFloorA: new Float64Array(devices.length).fill(NaN),
    planMode: devices.map((d) => d.config.mode),
  };
}

const SOLAR_ROLES: readonly SolarRole[] = ['none', 'credited', 'candidate'];

/**
 * Device i's plan from the columns into `out` (a scratch object: read before the next call). Its
 * off cause is `out`'s own object for the clocks, so it too is valid until the next call.
 */
export function planOf(columns: PlanColumns, i: number, out: DevicePlan): DevicePlan {
  out.wiring = columns.planWiring[i]!;
  out.range = columns.planRange[i]!;
  out.solar = SOLAR_ROLES[columns.planSolar[i]!]!;
  const floorA = columns.planFloorA[i]!;
  out.planFloorA = Number.isNaN(floorA) ? null : floorA;
  out.mode = columns.planMode[i]!;
  const off = columns.planOff[i]!;
  if (off === OFF_NONE) out.off = null;
  else if (off === OFF_DISCONNECTED) out.off = DISCONNECTED;
  else if (off === OFF_MODE) out.off = MODE_OFF;
  else if (off === OFF_MIN_OFF) {
    const cause = (out.minOffCause ??= { kind: 'minOff', leftS: 0 });
    cause.leftS = columns.planOffLeftS[i]!;
    out.off = cause;
  } else {
    const cause = (out.switchPauseCause ??= { kind: 'switchPause', leftS: 0 });
    cause.leftS = columns.planOffLeftS[i]!;
    out.off = cause;
  }
  return out;
}

/** A DevicePlan to fill with planOf (one per loop over the devices). */
export function emptyPlan(): DevicePlan {
  return {
    wiring: undefined!,
    range: undefined!,
    off: null,
    solar: 'none',
    planFloorA: null,
    mode: 'now',
    minOffCause: { kind: 'minOff', leftS: 0 },
    switchPauseCause: { kind: 'switchPause', leftS: 0 },
  };
}

/** Device i's plan this cycle, and its shed rank, into the columns (read within the cycle only). */
export function planDevice(
  device: TopologyDevice,
  memory: DeviceMemory,
  connected: boolean,
  site: SiteSettings,
  nowMs: number,
  wallMs: number,
  columns: PlanColumns,
  i: number,
): void {
  const single = memory.phaseCount === 1 ? columns.one[i] : undefined;
  const wiring = single ?? columns.full[i]!;
  let range: DeviceRange = wiring.range;
  let mode = columns.modeOf[i]!;
  let planFloorA = NaN;
  const config = mode === 'planned' ? device.config : null;

  if (config?.plan) {
    const leftKWh = config.plan.energyKWh - memory.energyKWh;
    if (leftKWh > 0) {
      const leftS = secondsUntilClock(config.plan.by, wallMs, site.timezone);
      const neededA = (leftKWh * 3.6e6) / (leftS * wiring.wattsPerA);
      planFloorA = floorAtLeast(range, neededA);
      range = { ...range, minA: planFloorA };
    } else {
      mode = 'pv';
    }
  }
  if (memory.unusedCapA !== null && range.maxA > memory.unusedCapA) {
    const maxA = Math.max(range.minA, memory.unusedCapA);
    const before = columns.capped[i];
    if (before && columns.cappedFrom[i] === range && columns.cappedMaxA[i] === maxA) range = before;
    else {
      columns.cappedFrom[i] = range;
      columns.cappedMaxA[i] = maxA;
      range = { ...range, maxA };
      columns.capped[i] = range;
    }
  }

  const inTurn =
    memory.setpointA > 0 && turnLeftOfS(memory.onSinceMs, nowMs, columns.minOnS[i]!, site.rotateAfterS) > 0;
  const solar =
    mode === 'minpv' || mode === 'planned'
      ? SOLAR_CREDITED
      : mode === 'pv'
        ? memory.solarActive
          ? SOLAR_CREDITED
          : SOLAR_CANDIDATE
        : SOLAR_NONE;
  columns.rank[i] = solar === SOLAR_CANDIDATE ? CANDIDATE_RANK : shedRank(memory.energyKWh, inTurn);

  let off = OFF_NONE;
  let leftS = 0;
  if (!connected) off = OFF_DISCONNECTED;
  else if (mode === 'off') off = OFF_MODE;
  else {
    const pauseS = switchPauseLeftS(memory, nowMs);
    const minOffLeftS =
      memory.setpointA > 0
        ? 0
        : offTimeLeftS(memory.offSinceMs, nowMs, columns.minOffS[i]!, memory.pauseStreak ?? 1);
    if (pauseS > 0) {
      off = OFF_SWITCH_PAUSE;
      leftS = pauseS;
    } else if (minOffLeftS > 0) {
      off = OFF_MIN_OFF;
      leftS = minOffLeftS;
    }
  }
  columns.planWiring[i] = wiring;
  columns.planWattsPerA[i] = wiring.wattsPerA;
  columns.planRange[i] = range;
  columns.planOff[i] = off;
  columns.planOffLeftS[i] = leftS;
  columns.planSolar[i] = solar;
  columns.planFloorA[i] = planFloorA;
  columns.planMode[i] = mode;
}

/** The smallest allowed current ≥ x (a level, or a step above the minimum), at most maxA. */
function floorAtLeast(range: DeviceRange, x: number): number {
  if (range.levelsA && range.levelsA.length > 0) {
    return range.levelsA.find((l) => l >= x - 1e-9) ?? range.maxA;
  }
  if (x <= range.minA) return range.minA;
  if (range.stepA <= 0) return Math.min(x, range.maxA);
  const steps = Math.ceil((x - range.minA) / range.stepA - 1e-9);
  return Math.min(range.maxA, Math.round((range.minA + steps * range.stepA) * 1000) / 1000);
}
