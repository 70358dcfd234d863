// What one simulation run produces: the scorecard (contract 3) and a downsampled trace for the
// HTML report (src/sim/report). Series are typed arrays of equal length `samples`, sample i
// covering simulated seconds [i·stepS, (i+1)·stepS) from `startMs`.
import type { SiteConfig } from '../site/schema.js';
import type { OptimumResult } from './optimum/types.js';

export const POLICIES = ['ampshare', 'uncontrolled', 'static', 'slow-loop', 'optimum'] as const;
export type PolicyName = (typeof POLICIES)[number];

/** Contract 3's KPIs for a whole run (ARCHITECTURE.md), plus a few named extras. */
export interface Kpis {
  scenario: string;
  policy: PolicyName;
  simulatedSeconds: number;
  /** Breaker trips (thermal or magnetic), every circuit and the main fuse together. */
  trips: number;
  /** Seconds in which any phase of any circuit was above its rating. */
  overloadSeconds: number;
  /** Highest line current of any circuit, A. null for the optimum (not simulated per second). */
  maxPhaseCurrentA: number | null;
  evRequestedKWh: number;
  evDeliveredKWh: number;
  /**
   * Sessions that left short of their request (by more than 0.1 kWh) although the reference could
   * meet them: the optimum when it ran, else the feasibility bound (see `evSessionsMissedBasis`).
   */
  evSessionsMissed: number;
  evSessionsMissedBasis: 'optimum' | 'feasibility-bound';
  /** Share of the PV energy used on site (0..1), null without PV. */
  pvSelfConsumption: number | null;
  /** Highest quarter-hour average import, W. */
  peak15mW: number;
  /** Pauses and resumes of controllable devices (0 → >0 setpoint changes), null for the optimum. */
  startStops: number | null;
  /** Energy import − export revenue + the capacity tariff, EUR. */
  costEUR: number;
  evSessions: number;
  /** Seconds the breakers were open after trips (loads off). */
  outageSeconds: number;
  /** Telegrams the controller decoded, and the ones it refused (must be 0). */
  telegrams: number;
  telegramErrors: number;
  /** Wall time of the run, ms. */
  wallMs: number;
}

export interface CircuitTrace {
  id: string;
  fuseA: number;
  /** Per site phase (1 or 3 arrays): highest line current in the sample, A. */
  maxA: Float32Array[];
  /** Per site phase: mean line current in the sample, A. */
  meanA: Float32Array[];
  /** Highest neutral current in the sample (tn, 3 phases), else null. */
  neutralMaxA: Float32Array | null;
  /** Highest breaker heat in the sample as a share of the trip threshold (1 = trips). */
  thermalMax: Float32Array;
}

export interface DeviceTrace {
  id: string;
  kind: 'charger' | 'stepped' | 'switch' | 'battery';
  /** The device's configured per-phase maximum, A (stepped and switch: their highest step). */
  maxA: number;
  /** Mean setpoint per phase in the sample, A. */
  setpointA: Float32Array;
  /** Mean current drawn on its highest phase in the sample, A. */
  drawA: Float32Array;
}

export interface QuarterTrace {
  /** Start of the first quarter hour, ms (the run's start). */
  startMs: number;
  /** Average net import per quarter hour, W. */
  averageW: Float32Array;
  /** The controller's quarter-hour target at the end of each quarter (W), null without peak control. */
  targetW: Float32Array | null;
}

export interface SessionTrace {
  deviceId: string;
  /** Seconds from the run's start. */
  arrivalS: number;
  departureS: number;
  requestedKWh: number;
  deliveredKWh: number;
  /** What the optimum delivered for this session, when it ran. */
  optimumKWh: number | null;
  /** The feasibility bound: min(request, max power × connected time). */
  boundKWh: number;
  missed: boolean;
  /** The car fell asleep after a long pause and did not wake up. */
  asleep: boolean;
}

export interface TripEvent {
  atS: number;
  circuit: string;
  /** Site phase index 0..2. */
  phase: number;
  kind: 'thermal' | 'magnetic';
  currentA: number;
}

export interface SimRun {
  kpis: Kpis;
  scenario: { name: string; file: string | null; startIso: string; days: number; seed: number };
  site: SiteConfig;
  startMs: number;
  /** Seconds per trace sample. */
  stepS: number;
  samples: number;
  /** main first, then the circuits in configuration order. */
  circuits: CircuitTrace[];
  devices: DeviceTrace[];
  /** Mean PV production per sample, W; null without PV. */
  pvW: Float32Array | null;
  /** Mean net import per sample (negative: export), W. */
  gridW: Float32Array;
  quarters: QuarterTrace;
  sessions: SessionTrace[];
  trips: TripEvent[];
  /** The optimum's result when it ran alongside (policy optimum, or --compare). */
  optimum: OptimumResult | null;
}
