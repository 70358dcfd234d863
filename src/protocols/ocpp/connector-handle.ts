// What a device driver sees of one OCPP connector: set a limit, order fail-safe, read a snapshot,
// hear about changes. The CSMS owns the station model; the handle only reads it.
import type { Phase } from '../../model/units.js';
import type { ConnectorLimiter, HeldLimit, LimitRequest } from './limiter.js';
import type { Measurements } from './meter-values.js';
import { phasesForConnector } from './rotation.js';
import { statusMeaning, type Station, type StationChange } from './station.js';

export interface ConnectorSnapshot {
  stationId: string;
  connectorId: number;
  /** The station has a live connection and its configuration was read. */
  connected: boolean;
  status: string | null;
  /** An EV is plugged in (from the status); null when the station has not said. */
  vehicle: boolean | null;
  /** Not Faulted / Unavailable. */
  usable: boolean;
  transactionId: string | null;
  /** The energy register at the transaction's start, when the station said (1.6 meterStart). */
  transactionStartKWh: number | null;
  meter: Measurements;
  meterAtMs: number | null;
  /** Grid phases of the connector's L1, L2, L3 as the station reports them; null when it does not. */
  rotation: [Phase, Phase, Phase] | null;
  smartCharging: boolean | null;
  phaseSwitching: boolean;
  /** What the station holds per the last accepted profile; null before any was accepted. */
  held: HeldLimit | null;
  /** The station's status for the last profile while it refuses them ("Rejected"); null otherwise. */
  refusal: string | null;
}

export type ConnectorChange = StationChange['kind'];

export class ConnectorHandle {
  readonly #listeners = new Set<(change: ConnectorChange) => void>();

  constructor(
    private readonly station: Station,
    readonly connectorId: number,
    private readonly limiter: ConnectorLimiter,
    private readonly onRelease: () => void,
  ) {}

  get stationId(): string {
    return this.station.id;
  }

  /** Fire and forget: the limiter sends it when it differs from what the station has. */
  setLimit(limit: LimitRequest): void {
    this.limiter.request(limit);
  }

  failsafe(): Promise<void> {
    return this.limiter.failsafe();
  }

  snapshot(): ConnectorSnapshot {
    const s = this.station;
    const c = s.connector(this.connectorId);
    const meaning = statusMeaning(c.status);
    return {
      stationId: s.id,
      connectorId: this.connectorId,
      connected: s.connected && s.configured,
      status: c.status,
      vehicle: c.transactionId !== null ? true : meaning.vehicle,
      usable: meaning.usable,
      transactionId: c.transactionId,
      transactionStartKWh: c.transactionStartKWh,
      meter: c.meter,
      meterAtMs: c.meterAtMs,
      rotation: phasesForConnector(s.capabilities.rotations, this.connectorId),
      smartCharging: s.capabilities.smartCharging,
      phaseSwitching: s.capabilities.phaseSwitching,
      held: this.limiter.held(),
      refusal: this.limiter.refusal(),
    };
  }

  /** Listens for changes of this connector (and of its station's connection); returns the unsubscriber. */
  onChange(listener: (change: ConnectorChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called by the CSMS. */
  changed(change: StationChange): void {
    if (change.kind === 'configured') this.limiter.sync(true);
    if (change.kind === 'transaction') this.limiter.sync(false);
    for (const listener of this.#listeners) listener(change.kind);
  }

  /** Called by the CSMS when the connection dropped. */
  disconnected(): void {
    this.limiter.disconnected();
  }

  release(): void {
    this.#listeners.clear();
    this.onRelease();
  }
}
