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
  /** A refilled plan's own OffCause objects, reused from cycle to cycle (read within the cycle). */
  minOffCause?: { kind: 'minOff'; leftS: number };
  switchPauseCause?: { kind: 'switchPause'; leftS: number };
}

const DISCONNECTED: OffCause = Object.freeze({ kind: 'disconnected' });
const MODE_OFF: OffCause = Object.freeze({ kind: 'mode' });

/** Candidates are shed before anyone else in their class: they are not running yet. */
const CANDIDATE_RANK = 1e12;

/**
 * What planDevice reads of each device's configuration, by topology index (made once per topology:
 * the pass over every device reads these arrays rather than each device's objects, a cache miss
 * each at 10,000 devices), and where it writes the shed ranks.
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
  };
}

/**
 * Device i's plan this cycle into `out` (allocate() keeps one per device, read within the cycle
 * only), and its shed rank into columns.rank[i].
 */
export function planDevice(
  device: TopologyDevice,
  memory: DeviceMemory,
  connected: boolean,
  site: SiteSettings,
  nowMs: number,
  wallMs: number,
  out: DevicePlan,
  columns: PlanColumns,
  i: number,
): DevicePlan {
  const single = memory.phaseCount === 1 ? columns.one[i] : undefined;
  const wiring = single ?? columns.full[i]!;
  let range: DeviceRange = wiring.range;
  let mode = columns.modeOf[i]!;
  let planFloorA: number | null = null;
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
  const solar: SolarRole =
    mode === 'minpv' || mode === 'planned'
      ? 'credited'
      : mode === 'pv'
        ? memory.solarActive
          ? 'credited'
          : 'candidate'
        : 'none';
  columns.rank[i] = solar === 'candidate' ? CANDIDATE_RANK : shedRank(memory.energyKWh, inTurn);

  let off: OffCause | null = null;
  if (!connected) off = DISCONNECTED;
  else if (mode === 'off') off = MODE_OFF;
  else {
    const pauseS = switchPauseLeftS(memory, nowMs);
    const minOffLeftS =
      memory.setpointA > 0
        ? 0
        : offTimeLeftS(memory.offSinceMs, nowMs, columns.minOffS[i]!, memory.pauseStreak ?? 1);
    if (pauseS > 0) {
      const cause = (out.switchPauseCause ??= { kind: 'switchPause', leftS: 0 });
      cause.leftS = pauseS;
      off = cause;
    } else if (minOffLeftS > 0) {
      const cause = (out.minOffCause ??= { kind: 'minOff', leftS: 0 });
      cause.leftS = minOffLeftS;
      off = cause;
    }
  }
  out.wiring = wiring;
  out.range = range;
  out.off = off;
  out.solar = solar;
  out.planFloorA = planFloorA;
  out.mode = mode;
  return out;
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
