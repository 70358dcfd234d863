// Contract 1 (ARCHITECTURE.md): what one parsed P1 telegram becomes. Units are fixed by the
// field names: W, V, A, kWh, m3. A value the telegram does not carry is null, never 0.

export interface PhaseReading {
  voltageV: number | null;
  /** As reported by the meter: unsigned RMS magnitude, often whole amps (DSMR 4/5). */
  currentA: number | null;
  powerImportW: number | null;
  powerExportW: number | null;
  /**
   * Signed best estimate, import positive: (import W - export W) / voltage when those are present,
   * else currentA with the sign of the phase's net power, else null. This is the control input.
   */
  netCurrentA: number | null;
}

export interface CapacityHistoryEntry {
  /** The month this entry closes, "YYYY-MM". */
  month: string;
  peakW: number;
  /** When the peak happened (ISO 8601), or null for a placeholder. */
  at: string | null;
}

export interface CapacityReading {
  /** Belgian 1-0:1.4.0: the running 15-minute average import. */
  averageDemandW: number | null;
  /** Belgian 1-0:1.6.0: this month's highest 15-minute average so far. */
  monthPeakW: number | null;
  monthPeakAt: string | null;
  history: CapacityHistoryEntry[];
}

export interface GasReading {
  m3: number;
  at: string | null;
}

export type CrcStatus = 'valid' | 'absent' | 'invalid';

export interface Reading {
  header: string;
  version: string | null;
  timestamp: string | null;
  equipmentId: string | null;
  crc: CrcStatus;
  tariff: number | null;
  energyImportKWh: { t1: number | null; t2: number | null };
  energyExportKWh: { t1: number | null; t2: number | null };
  powerImportW: number | null;
  powerExportW: number | null;
  phases: PhaseReading[];
  capacity: CapacityReading | null;
  gas: GasReading | null;
  [extra: string]: unknown;
}
