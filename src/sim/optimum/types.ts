// The contract between the simulator (which knows the scenario's exogenous inputs: base load, PV,
// EV sessions, prices) and the perfect-foresight optimum (a linear program over the same inputs at
// a coarser step). The optimum is a bound, not a controller: the ceiling for EV energy and PV
// self-consumption, the floor for the 15-minute peak.
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
}

export interface OptimumInput {
  site: SiteConfig;
  /** Seconds per step of the program (e.g. 300 or 900). */
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
}

export interface OptimumResult {
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
}
