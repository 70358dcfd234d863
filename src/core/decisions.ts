// The cycle's decisions (contract 2: a setpoint and a reason per device) as the result hands them
// out. A small site gets its DeviceDecision objects at once. A large one (memories in columns,
// session.ts COLUMNS) writes its numbers into typed arrays and its texts into two arrays, and makes
// the objects when `result.devices` is first read: at 10,000 devices an object and two boxed
// numbers per device per cycle were ~1 ms and most of what a scavenge had to copy
// (docs/design-columnar.md, step 2). A paused device's reason ("paused: 3.1 A available on c12 L2
// < 6 A minimum for 12 s") differs per device, so a large site keeps its numbers and makes the
// text when it is read. `setpointAt`/`reasonAt` read one device without the objects.
import { PHASES, type Phase } from '../model/units.js';
import type { AllocationResult } from './allocate.js';
import type { AllocationSummary, CircuitStatus, DeviceDecision, DeviceStatus } from './inputs.js';
import { pausedReason } from './reasons.js';
import type { AllocatorState, DeviceMemory } from './state.js';
import type { DeviceWiring, Topology } from './topology.js';

/**
 * One device's outcome of the cycle, as plain values (decide.ts fills it): this file makes the
 * contract's DeviceDecision of it (an object at once for a small site, columns for a large one).
 */
export interface Decided {
  memory: DeviceMemory;
  /** Unrounded, per phase. */
  targetA: number;
  setpointA: number;
  status: DeviceStatus;
  /** The wiring it draws on now (its 1-phase wiring after a switch to 1 phase). */
  wiring: DeviceWiring;
  /** The reason, or null when the limits paused it: then `paused` holds its numbers. */
  reason: string | null;
  limitedBy: string | null;
  /** reasons.ts pausedReason's arguments, for a device the limits paused (reason null). */
  paused: PausedNumbers;
}

/** What "paused: 3.1 A available on c12 L2 < 6 A minimum for 12 s" is made of. */
export interface PausedNumbers {
  availableA: number;
  minA: number;
  forS: number;
  lineLabel: string | null;
  /** Its session energy when it was shed in a shortage, else NaN. */
  shortageKWh: number;
}

/** A decided device's reason as text (a paused one's made from its numbers). */
export function reasonText(d: Decided): string {
  if (d.reason !== null) return d.reason;
  const p = d.paused;
  return pausedReason(p.availableA, p.minA, p.forS, p.lineLabel, p.shortageKWh);
}

export function emptyDecided(): Decided {
  return {
    memory: undefined!,
    targetA: 0,
    setpointA: 0,
    status: 'paused',
    wiring: undefined!,
    reason: '',
    limitedBy: null,
    paused: { availableA: 0, minA: 0, forS: 0, lineLabel: null, shortageKWh: NaN },
  };
}

const names = new WeakMap<DeviceWiring, Phase[]>();
/** The site phase names of a wiring (computed once per wiring; treat as read-only). */
export function phaseNames(wiring: DeviceWiring): Phase[] {
  if (wiring.phaseNames) return wiring.phaseNames;
  let out = names.get(wiring);
  if (!out) {
    out = wiring.sitePhases.map((p): Phase => PHASES[p]);
    names.set(wiring, out);
  }
  return out;
}

/**
 * Amps as the decisions give them: to the mA, rounded down (limits are hard: a setpoint the solver
 * fitted under a fuse must not read 0.5 mA above it, and n devices n · 0.5 mA). The 1e-6 mA lets a
 * value that is a whole number of mA but computed a hair below it (6.1 as 6.0999999999999996)
 * read as itself.
 */
export function roundA(x: number): number {
  return Math.floor(x * 1000 + 1e-6) / 1000;
}

/** A device's decision object from its outcome. */
export function decisionOf(id: string, d: Decided): DeviceDecision {
  return {
    id,
    targetA: roundA(d.targetA),
    setpointA: roundA(d.setpointA),
    phases: phaseNames(d.wiring),
    powerW: Math.round(d.setpointA * d.wiring.wattsPerA),
    status: d.status,
    reason: reasonText(d),
    limitedBy: d.limitedBy,
  };
}

const SINGLE = 1;
const PAUSED = 2;

const STATUSES: readonly DeviceStatus[] = ['running', 'paused', 'off', 'disconnected', 'failsafe'];
/** A status's index in STATUSES (compares: a keyed load by five names goes megamorphic). */
function statusCode(status: DeviceStatus): number {
  switch (status) {
    case 'running':
      return 0;
    case 'paused':
      return 1;
    case 'off':
      return 2;
    case 'disconnected':
      return 3;
    case 'failsafe':
      return 4;
  }
}

/**
 * One cycle's decisions in columns, by topology index (never written after the cycle). The
 * numbers are rounded as in DeviceDecision, so an object made from a row equals the one a small
 * site makes at once.
 */
export class DecisionColumns {
  readonly #topology: Topology;
  readonly #targetA: Float64Array;
  readonly #setpointA: Float64Array;
  readonly #powerW: Float64Array;
  /** Per device: its status's code, and its flags (SINGLE, PAUSED). */
  readonly #status: Uint8Array;
  readonly #flags: Uint8Array;
  /** The reason, or for a PAUSED row the line label of its paused reason ('' for none). */
  readonly #reason: string[];
  /** A PAUSED row's numbers at 4·i: available A, minimum A, seconds, shortage kWh (made once needed). */
  #paused: Float64Array | null = null;
  readonly #limitedBy: (string | null)[];
  #objects: DeviceDecision[] | null = null;

  constructor(topology: Topology) {
    const n = topology.devices.length;
    this.#topology = topology;
    this.#targetA = new Float64Array(n);
    this.#setpointA = new Float64Array(n);
    this.#powerW = new Float64Array(n);
    this.#status = new Uint8Array(n);
    this.#flags = new Uint8Array(n);
    this.#reason = new Array<string>(n).fill('');
    this.#limitedBy = new Array<string | null>(n).fill(null);
  }

  /**
   * Writes device i's outcome (during the cycle only). `full` is its configured wiring, and
   * `fullWattsPerA`/`oneWattsPerA` the W per A of it and of its 1-phase wiring (the cycle's
   * columns: reading them from the device or wiring objects would be a cache miss per device).
   */
  set(i: number, d: Decided, full: DeviceWiring, fullWattsPerA: number, oneWattsPerA: number): void {
    const single = d.wiring === full ? 0 : SINGLE;
    this.#targetA[i] = roundA(d.targetA);
    this.#setpointA[i] = roundA(d.setpointA);
    this.#powerW[i] = Math.round(d.setpointA * (single === 0 ? fullWattsPerA : oneWattsPerA));
    this.#status[i] = statusCode(d.status);
    if (d.reason !== null) {
      this.#flags[i] = single;
      this.#reason[i] = d.reason;
    } else {
      const p = d.paused;
      const numbers = (this.#paused ??= new Float64Array(4 * this.length));
      numbers[4 * i] = p.availableA;
      numbers[4 * i + 1] = p.minA;
      numbers[4 * i + 2] = p.forS;
      numbers[4 * i + 3] = p.shortageKWh;
      this.#flags[i] = single | PAUSED;
      this.#reason[i] = p.lineLabel ?? '';
    }
    this.#limitedBy[i] = d.limitedBy;
  }

  get length(): number {
    return this.#targetA.length;
  }

  setpointAt(i: number): number {
    return this.#setpointA[i]!;
  }

  /** Device i's reason (a paused one's made from its numbers, a new text per call). */
  reasonAt(i: number): string {
    const text = this.#reason[i]!;
    if ((this.#flags[i]! & PAUSED) === 0) return text;
    const p = this.#paused!;
    return pausedReason(p[4 * i]!, p[4 * i + 1]!, p[4 * i + 2]!, text === '' ? null : text, p[4 * i + 3]!);
  }

  /** Device i's decision object (a new one per call). */
  at(i: number): DeviceDecision {
    const device = this.#topology.devices[i]!;
    const wiring = (this.#flags[i]! & SINGLE) !== 0 ? device.singlePhase! : device.wiring;
    return {
      id: device.id,
      targetA: this.#targetA[i]!,
      setpointA: this.#setpointA[i]!,
      phases: phaseNames(wiring),
      powerW: this.#powerW[i]!,
      status: STATUSES[this.#status[i]!]!,
      reason: this.reasonAt(i),
      limitedBy: this.#limitedBy[i]!,
    };
  }

  /** Left out of JSON: a result's JSON has its decisions under `devices`. */
  toJSON(): undefined {
    return undefined;
  }

  /** Every decision as objects, in topology order (made on the first call, then the same array). */
  objects(): DeviceDecision[] {
    if (this.#objects === null) {
      const out = new Array<DeviceDecision>(this.length);
      for (let i = 0; i < out.length; i++) out[i] = this.at(i);
      this.#objects = out;
    }
    return this.#objects;
  }
}

/** A large site's result: `devices` and `warnings` are made when first read (then kept). */
export function lazyResult(
  table: DecisionColumns,
  circuits: CircuitStatus[],
  summary: AllocationSummary,
  state: AllocatorState,
  warn: () => string[],
): AllocationResult {
  let warnings: string[] | null = null;
  // Enumerable getters: JSON.stringify, spreads and deepEqual see the plain fields.
  return {
    get devices(): DeviceDecision[] {
      return table.objects();
    },
    circuits,
    summary,
    get warnings(): string[] {
      return (warnings ??= warn());
    },
    state,
    decisionTable: table,
  };
}
