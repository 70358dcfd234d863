// What the central system knows about one station: it outlives connections, so a station that
// drops out stays in the model (with its last limits) until it comes back. Protocol adapters write
// it; the CSMS reads it and tells whoever listens what changed.
import { defaultCapabilities, type StationCapabilities } from './capabilities.js';
import type { OcppProtocol } from './context.js';
import { emptyMeasurements, foldSamples, type Measurements, type Sample } from './meter-values.js';

export interface ConnectorState {
  /** 1.6 connectorId; 2.0.1 evseId (ampshare controls per EVSE). */
  readonly id: number;
  /** The raw OCPP status (1.6 ChargePointStatus, 2.0.1 ConnectorStatus), null until reported. */
  status: string | null;
  /** 2.0.1 TransactionEvent chargingState, when the station sends it. */
  chargingState: string | null;
  transactionId: string | null;
  /** The energy register when the transaction started, kWh, when the station said (1.6 meterStart). */
  transactionStartKWh: number | null;
  meter: Measurements;
  /** When the last MeterValues for this connector arrived (our clock). */
  meterAtMs: number | null;
}

export interface StationInfo {
  vendor: string;
  model: string;
  firmware: string | null;
}

export type StationChange =
  | { kind: 'connection' }
  | { kind: 'configured' }
  | { kind: 'status'; connectorId: number }
  | { kind: 'transaction'; connectorId: number }
  | { kind: 'meter'; connectorId: number };

/** 1.6 ChargePointStatus and 2.0.1 ConnectorStatus: is a vehicle there, and can the station charge? */
const STATUS: Record<string, { vehicle: boolean; usable: boolean }> = {
  Available: { vehicle: false, usable: true },
  Preparing: { vehicle: true, usable: true },
  Charging: { vehicle: true, usable: true },
  SuspendedEV: { vehicle: true, usable: true },
  SuspendedEVSE: { vehicle: true, usable: true },
  Finishing: { vehicle: true, usable: true },
  Occupied: { vehicle: true, usable: true },
  Reserved: { vehicle: false, usable: true },
  Unavailable: { vehicle: false, usable: false },
  Faulted: { vehicle: false, usable: false },
};

export function statusMeaning(status: string | null): { vehicle: boolean | null; usable: boolean } {
  if (status === null) return { vehicle: null, usable: true };
  return STATUS[status] ?? { vehicle: null, usable: true };
}

export class Station {
  protocol: OcppProtocol | null = null;
  connected = false;
  info: StationInfo | null = null;
  capabilities: StationCapabilities = defaultCapabilities();
  /** Capabilities were read (or reading failed and defaults stand) on the current connection. */
  configured = false;
  lastSeenMs: number | null = null;
  readonly connectors = new Map<number, ConnectorState>();
  #listener: (change: StationChange) => void = () => {};

  constructor(readonly id: string) {}

  /** The CSMS's one listener; stations never call out otherwise. */
  listen(listener: (change: StationChange) => void): void {
    this.#listener = listener;
  }

  connector(id: number): ConnectorState {
    let c = this.connectors.get(id);
    if (!c) {
      c = {
        id,
        status: null,
        chargingState: null,
        transactionId: null,
        transactionStartKWh: null,
        meter: emptyMeasurements(),
        meterAtMs: null,
      };
      this.connectors.set(id, c);
    }
    return c;
  }

  seen(nowMs: number): void {
    this.lastSeenMs = nowMs;
  }

  setConnected(connected: boolean, protocol: OcppProtocol | null): void {
    this.connected = connected;
    if (protocol) this.protocol = protocol;
    if (!connected) this.configured = false;
    this.#listener({ kind: 'connection' });
  }

  setConfigured(capabilities: StationCapabilities): void {
    this.capabilities = capabilities;
    this.configured = true;
    this.#listener({ kind: 'configured' });
  }

  setStatus(connectorId: number, status: string): void {
    this.connector(connectorId).status = status;
    this.#listener({ kind: 'status', connectorId });
  }

  setChargingState(connectorId: number, chargingState: string): void {
    this.connector(connectorId).chargingState = chargingState;
  }

  startTransaction(connectorId: number, transactionId: string, startKWh: number | null = null): void {
    const c = this.connector(connectorId);
    c.transactionId = transactionId;
    c.transactionStartKWh = startKWh;
    this.#listener({ kind: 'transaction', connectorId });
  }

  /**
   * A (re)boot ends whatever ran before it; a station that kept a session going says so again in
   * its next MeterValues / TransactionEvent.
   */
  forgetTransactions(): void {
    for (const c of this.connectors.values()) {
      if (c.transactionId === null) continue;
      c.transactionId = null;
      this.#listener({ kind: 'transaction', connectorId: c.id });
    }
  }

  /** Ends a transaction wherever it runs; returns the connector, or null when it was unknown. */
  endTransaction(transactionId: string): number | null {
    for (const c of this.connectors.values()) {
      if (c.transactionId !== transactionId) continue;
      c.transactionId = null;
      c.chargingState = null;
      this.#listener({ kind: 'transaction', connectorId: c.id });
      return c.id;
    }
    return null;
  }

  connectorOfTransaction(transactionId: string): number | null {
    for (const c of this.connectors.values()) if (c.transactionId === transactionId) return c.id;
    return null;
  }

  addSamples(connectorId: number, samples: readonly Sample[], nowMs: number): void {
    if (samples.length === 0) return;
    const c = this.connector(connectorId);
    c.meter = foldSamples(c.meter, samples);
    c.meterAtMs = nowMs;
    this.#listener({ kind: 'meter', connectorId });
  }
}
