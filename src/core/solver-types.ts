// The contract between the allocator's two layers:
//  - the solver (solver.ts): one instant, pure maths. Given the capacity left on every line of
//    every circuit and each device's allowed range, priority and shed order, it returns the
//    allocation: hard limits, 0-or-minimum, priority, then max-min fairness (water-filling).
//  - the controller (allocate.ts): time. It estimates base load, turns modes, solar, peak
//    budgets, schedules, hysteresis and ramps into the solver's inputs, and the solver's answer
//    into setpoints and reasons.

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
  id: string;
  /** Higher is served first. */
  priority: number;
  /** The device gets 0 or a value in [minA, maxA], a multiple of stepA above minA. minA may be 0. */
  minA: number;
  maxA: number;
  stepA: number;
  loads: SolverLoad[];
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
}
