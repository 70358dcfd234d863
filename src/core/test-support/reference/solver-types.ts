// The contract between the allocator's two layers:
//  - the solver (solver.ts): one instant, pure maths. Given the capacity left on every line of
//    every circuit and each device's allowed range, priority and shed order, it returns the
//    allocation: hard limits, 0-or-minimum, priority, then max-min fairness (water-filling).
//  - the controller (allocate.ts): time. It estimates base load, turns modes, solar, peak
//    budgets, schedules, hysteresis and ramps into the solver's inputs, and the solver's answer
//    into setpoints and reasons.
import type { PhaseValues } from '../../../model/units.js';

/** One current-carrying constraint: a phase conductor of a circuit, or a budget in amps. */
export interface SolverLine {
  /** Human label used in reasons: "main L2", "garage L3", "neutral", "quarter-hour budget". */
  label: string;
  /** Amps still available to the controllable devices on this line (may be negative: overload). */
  capacityA: number;
}

export interface SolverLoad {
  /** Index into the lines array. */
  line: number;
  /** Amps on that line per amp of the device's setpoint (1 for a phase it sits on; W/A ratios for budgets). */
  coefficient: number;
}

export interface SolverDevice {
  /** Unique among the devices; ties are broken by id, so the answer does not depend on input order. */
  id: string;
  /** Higher is served first. */
  priority: number;
  /**
   * The device gets 0 or a value in [minA, maxA], a multiple of stepA above minA. minA may be 0.
   * stepA 0 means any value in the range (a battery's continuous power).
   */
  minA: number;
  maxA: number;
  stepA: number;
  /**
   * Discrete per-phase currents the device can run at (stepped and switch devices), ascending; 0 is
   * implied. When given, stepA is ignored and the device gets 0 or one of these within [minA, maxA].
   */
  levelsA?: number[];
  /** Coefficients must be > 0 (a load of 0 is ignored); a line must appear at most once per device. */
  loads: SolverLoad[];
  /**
   * Amps on each site phase per amp of setpoint, for the neutral current (tn only): a 1-phase
   * device on L2 is [0, 1, 0], a 3-phase device [1, 1, 1] (balanced: adds nothing to the neutral).
   * Omitted: the device does not affect the neutral.
   */
  phaseA?: PhaseValues;
  /** Must get 0 this cycle (mode off, paused and still inside its minimum off time, not connected). */
  forcedOff: boolean;
  /**
   * Order of shedding within a priority class when minimums do not all fit: the device with the
   * larger shedRank is paused first (the controller puts session energy and rotation in here).
   */
  shedRank: number;
}

export interface SolverAllocation {
  /** Per device, in input order: 0 or within [minA, maxA]. */
  currentA: number[];
  /**
   * Per device: the index of the line that stopped it from getting more (its binding constraint),
   * or null when it got its maxA or was forced off.
   */
  bindingLine: (number | null)[];
  /** Per device: true when it was paused because minimums did not all fit (shortage). */
  shed: boolean[];
  /**
   * Per line, to compare with its capacityA: the devices' amps on it; for the neutral line the
   * magnitude of the whole neutral current, base load included.
   */
  usedA: number[];
  /** The lines that are over capacity even with every device at 0 (then every device gets 0). */
  infeasibleLines: number[];
}

/**
 * The neutral conductor of a tn site as a constraint: |I1 + a·I2 + a²·I3| ≤ capacity, a = e^{j120°},
 * assuming power factor 1 (every current in phase with its phase voltage). Not linear, so it is a
 * line of its own: devices must not list it in their loads; their phaseA says how they load it.
 */
export interface SolverNeutral {
  /** Index of the line (label "neutral") whose capacityA is the neutral's limit (not a headroom). */
  line: number;
  /** The signed base-load current per site phase (import positive), everything but the devices. */
  baseA: PhaseValues;
}

export interface SolverProblem {
  lines: SolverLine[];
  devices: SolverDevice[];
  neutral?: SolverNeutral;
  /**
   * Optional, for speed: the device indices in ascending id order (Topology.idOrder, computed once
   * per configuration). Checked in O(n); without it the solver sorts the ids itself.
   */
  idOrder?: ArrayLike<number>;
}
