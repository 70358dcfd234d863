// The contract between the simulator (which knows the scenario's exogenous inputs: base load, PV,
// EV sessions, prices) and the perfect-foresight optimum (a linear program over the same inputs at
// a coarser step). The optimum is a bound, not a controller: the ceiling for EV energy and PV
// self-consumption, the floor for the 15-minute peak. docs/scenarios.md ("The optimum") says
// exactly what each figure bounds.
import type { SiteConfig } from '../../site/schema.js';

export interface OptimumSession {
  /** The charger (device id in the site configuration) the car is plugged into. */
  deviceId: string;
  arrivalS: number;
  departureS: number;
  /** What the driver asked for. */
  energyKWh: number;
  /** The car's own per-phase maximum (onboard charger), A; the charger's maxA also applies. */
  maxA: number;
  /** Site phases (0, 1, 2) the car draws on (its onboard charger's phase count mapped by the charger's rotation). */
  sitePhases: number[];
  /**
   * The share of the offered current the car draws (0–1], default 1. What a controller offers is
   * what counts against the limits (contract 2, rule 1: the sum of allocated currents stays under
   * every limit less its margin), so a line carries drawn ÷ drawShare of a car's current.
   */
  drawShare?: number;
}

export interface OptimumInput {
  site: SiteConfig;
  /** Seconds per step of the program (e.g. 300 or 900): a divisor or a multiple of 900. */
  stepS: number;
  /** Number of steps. */
  steps: number;
  /** Average uncontrolled load per site phase per step (W, import positive; PV not included): [phase][step]. */
  baseW: Float64Array[];
  /** Average PV production per step, W, spread evenly over the site phases (per the scenario). */
  pvW: Float64Array;
  /** Phases the PV inverter feeds (site phase indices). */
  pvPhases: number[];
  sessions: OptimumSession[];
  /** Import price per step, EUR/kWh; export is paid exportPriceEURPerKWh. */
  importPriceEURPerKWh: Float64Array;
  exportPriceEURPerKWh: number;
  /** Capacity tariff, EUR per kW of the month's highest quarter-hour average, per year (0 = none). */
  capacityTariffEURPerKWYear: number;
  /** The capacity tariff bills each month at least this peak, kW (Belgium: 2.5). Default 0. */
  capacityMinimumKW?: number;
  /**
   * Wall-clock time of step 0 (epoch ms). With it, the site's limit schedule (peak hours) lowers the
   * main fuse at the right steps, quarters align to the clock and the capacity tariff bills each
   * local month's peak. Without it: no schedule, quarters from step 0, the whole run one month.
   */
  startMs?: number;
  /**
   * Uncontrolled load on a sub-circuit (circuit id → [phase][step] W, the circuit's whole subtree).
   * A sub-circuit not listed carries only the chargers' current. main always carries baseW − PV.
   */
  circuitBaseW?: Record<string, Float64Array[]>;
  /**
   * The uncontrolled load's reactive current per site phase and step (A, lagging positive; tn
   * only), main's in `main` and a sub-circuit's under its id: a breaker carries the magnitude
   * √(active² + reactive²), not P/V. With it a line's headroom for in-phase (power factor 1) car
   * current is √(limit² − reactive²) − active. Missing: power factor 1.
   */
  reactiveA?: Record<string, Float64Array[]>;
  /**
   * false (default): chargers keep their configured modes — `off` delivers nothing, `pv` only from
   * the PV surplus (PV − base), `minpv` its minimum plus that surplus. true: every charger as `now`,
   * the physical ceiling.
   */
  ignoreModes?: boolean;
}

export interface OptimumResult {
  /**
   * optimal: every program solved. infeasible: the base load alone exceeds a line's limit at
   * baseOverloadSteps steps (the figures are then those of the best plan with the chargers off on
   * those lines at those steps). error: HiGHS failed on a window (see message).
   */
  status: 'optimal' | 'infeasible' | 'error';
  /** Per session, in input order, kWh the optimum delivers. */
  sessionKWh: number[];
  evDeliveredKWh: number;
  /** Highest quarter-hour average import, W. */
  peak15mW: number;
  /** 0..1, null without PV. */
  pvSelfConsumption: number | null;
  costEUR: number;
  /** Wall time the solver took, ms, and the problem size. */
  solveMs: number;
  variables: number;
  constraints: number;
  /** Steps at which the base load alone is over some line's limit (fuse − margin). */
  baseOverloadSteps: number;
  /** The optimum's charging power per step, all sessions together, W. */
  evW: Float64Array;
  /** The optimum's quarter-hour average import per quarter, W (clock quarters when startMs is given). */
  quarterImportW: Float64Array;
  /** Independent programs solved (groups of sessions overlapping in time). */
  windows: number;
  /** What went wrong, for status error; what was over, for infeasible. */
  message?: string;
}
