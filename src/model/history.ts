// What the history store keeps and answers: the shapes shared by the store (src/store/), the HTTP
// API (GET /api/history, /api/sessions, /api/events, CSV export) and the dashboard's charts.
// Units in the names; times are ms since the epoch (UTC); per-phase arrays by site phase.

/** Resolutions the store answers. second/minute/quarter are kept; hour/day/month are derived from them. */
export const RESOLUTIONS = ['second', 'minute', 'quarter', 'hour', 'day', 'month'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** One bucket of site state. Averages over the bucket unless the name says max. */
export interface HistoryPoint {
  /** Start of the bucket. */
  tMs: number;
  importW: number;
  exportW: number;
  pvW: number | null;
  /** Average and highest measured current per site phase at the connection. */
  phaseA: number[];
  phaseMaxA: number[];
  /** The main limit in force (min over the bucket), A per phase. */
  limitA: number;
  /** Average power each device drew (measured, else its setpoint's power), W. */
  devicesW: Record<string, number>;
  /** Energy in the bucket, kWh. */
  importKWh: number;
  exportKWh: number;
}

export interface ChargingSession {
  id: number;
  deviceId: string;
  startMs: number;
  /** null while it runs. */
  endMs: number | null;
  energyKWh: number;
  /** Share of the energy that came from PV surplus (export that the car took instead), 0..1. */
  solarShare: number;
  maxPowerW: number;
}

export interface StoredEvent {
  id: number;
  atMs: number;
  type: string;
  /** One human sentence ("car1 16 A → 6 A: limited by main L2 …"). */
  message: string;
  /** The event's own fields. */
  data: Record<string, unknown>;
}
