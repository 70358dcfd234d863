// What a simulated station says and answers, behind one small interface with an implementation
// per OCPP version (station-v16.ts, station-v201.ts). The station itself (station.ts) decides
// *when* to say something; a dialect knows *how* it is said in its version.
import type { ProfileStore, RunningTransaction, StationProfile } from './profiles.js';
import type { Measurand, StationSettings } from './station-settings.js';

/** The connector's state in 1.6 terms (2.0.1 splits it into connector status and charging state). */
export type ChargerStatus = 'Available' | 'Preparing' | 'Charging' | 'SuspendedEV' | 'SuspendedEVSE';

export interface MeterSample {
  /** Per station phase (1 or 3 values), A. */
  currentA: number[];
  powerW: number;
  /** The station's energy register, Wh. */
  energyWh: number;
}

/** What the dialects read and change of the station. */
export interface StationModel {
  readonly id: string;
  readonly vendor: string;
  readonly model: string;
  readonly settings: StationSettings;
  readonly profiles: ProfileStore;
  /** The transaction on connector (EVSE) 1, once it has an id. */
  running(): RunningTransaction | null;
  now(): number;
}

/** The connection, as a dialect uses it: a call that resolves to the answer. */
export interface Wire {
  call(method: string, params: unknown): Promise<unknown>;
}

export type Answer = (params: Record<string, unknown>) => unknown;

export interface Dialect {
  readonly protocol: 'ocpp1.6' | 'ocpp2.0.1';
  /** The calls this station answers (the central system's requests). */
  readonly answers: Readonly<Record<string, Answer>>;
  /** A new connection: forget what was said on the previous one, so it is said again. */
  connected(): void;
  boot(wire: Wire): Promise<{ accepted: boolean; intervalS: number }>;
  heartbeat(wire: Wire): Promise<void>;
  status(wire: Wire, status: ChargerStatus, transactionId: string | null): Promise<void>;
  /** Resolves to the transaction id (1.6: the central system's; 2.0.1: the station's own). */
  startTransaction(wire: Wire, idTag: string, sample: MeterSample): Promise<string>;
  meterValues(wire: Wire, transactionId: string, status: ChargerStatus, sample: MeterSample): Promise<void>;
  stopTransaction(wire: Wire, transactionId: string, idTag: string, sample: MeterSample): Promise<void>;
}

export interface SampleValue {
  measurand: Measurand;
  /** "L1".."L3" for per-phase values, null for totals. */
  phase: string | null;
  value: number;
  unit: 'A' | 'W' | 'Wh';
}

/** The configured measurands of a sample, one value per phase for currents. */
export function sampleValues(sample: MeterSample, measurands: readonly Measurand[]): SampleValue[] {
  const out: SampleValue[] = [];
  for (const measurand of measurands) {
    if (measurand === 'Current.Import') {
      sample.currentA.forEach((a, i) =>
        out.push({ measurand, phase: `L${i + 1}`, value: round(a, 1), unit: 'A' }),
      );
    } else if (measurand === 'Power.Active.Import') {
      out.push({ measurand, phase: null, value: Math.round(sample.powerW), unit: 'W' });
    } else {
      out.push({ measurand, phase: null, value: Math.round(sample.energyWh), unit: 'Wh' });
    }
  }
  return out;
}

const round = (value: number, decimals: number): number =>
  Math.round(value * 10 ** decimals) / 10 ** decimals;

export const isoTime = (ms: number): string => new Date(ms).toISOString();

export const parseTime = (value: unknown): number | null =>
  typeof value === 'string' && Number.isFinite(Date.parse(value)) ? Date.parse(value) : null;

/** Schedule periods of either version (validated by the OCPP schema already). */
export function periodsOf(raw: unknown): StationProfile['periods'] {
  const periods = raw as { startPeriod: number; limit: number; numberPhases?: number }[];
  return periods
    .map((p) => ({ startS: p.startPeriod, limit: p.limit, numberPhases: p.numberPhases ?? null }))
    .sort((a, b) => a.startS - b.startS);
}
