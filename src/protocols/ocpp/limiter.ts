// One controlled connector's limits on the wire, and the dead-man switch.
//
// - While a transaction runs: a TxProfile with the live transaction id, the limit, and a short
//   `duration`. Without one (or for stations that only honour defaults): a TxDefaultProfile whose
//   schedule is the limit for the same span, then the fail-safe current for ever.
// - Every profile is renewed at half its duration while the controller keeps asking (request()).
//   If ampshare dies, or its control loop stops calling, the station is back at its fail-safe
//   current within one duration, without a word from us.
// - Fire and track: at most one SetChargingProfile per connector is in flight; a newer limit that
//   arrives meanwhile replaces the pending one (only the latest matters). Nothing here awaits on
//   the caller's path, so a slow station never holds up another.
import { after, CANCELLED, describe, type OcppContext } from './context.js';
import type { ProfileSpec, ProfileUnits } from './profiles.js';

export interface LimitRequest {
  /** Per phase, already clamped by the driver: 0 or ≥ 6 A, one decimal. */
  currentA: number;
  phases: 1 | 3;
}

export interface LimiterSettings {
  failsafeA: number;
  /** The device's phase count, used for fail-safe profiles. */
  phases: 1 | 3;
  voltageV: number;
  /** The site's network, for A → W (default tn). */
  network?: 'tn' | 'it';
  /** TxProfile duration and renewal span; the dead-man's reaction time. */
  profileDurationS: number;
}

/** What the limiter needs from its station; the CSMS provides it. */
export interface LimiterPort {
  readonly stationId: string;
  readonly connectorId: number;
  /** Connected, and its configuration read: profiles can be written now. */
  ready(): boolean;
  transactionId(): string | null;
  /** Stack level, unit and the TxDefault-only quirk, from the station's configuration. */
  units(): Omit<ProfileUnits, 'voltageV' | 'network'> & { txDefaultOnly: boolean };
  send(spec: ProfileSpec, units: ProfileUnits): Promise<string>;
}

/** The limit the station holds according to the last accepted profile, and until when. */
export interface HeldLimit {
  currentA: number;
  untilMs: number;
}

export class ConnectorLimiter {
  #request: LimitRequest | null = null;
  #requestAtMs: number | null = null;
  /** Fail-safe was ordered: hold it (no duration, no renewal) until the next request. */
  #hold = false;
  #held: HeldLimit | null = null;
  /** The station's answer when it last refused a profile; cleared when one is accepted. */
  #refusal: string | null = null;
  /** Identity of what was last sent, so an unchanged limit is not sent again. */
  #sentKey: string | null = null;
  #inFlight = false;
  #pending: { force: boolean } | null = null;
  #renewal = new AbortController();
  #silentLogged = false;

  constructor(
    private readonly ctx: OcppContext,
    private readonly port: LimiterPort,
    readonly settings: LimiterSettings,
  ) {}

  /** The controller's wish, every cycle; sent only when it changes (or is due for renewal). */
  request(limit: LimitRequest): void {
    // The driver clamps already; a pilot signal cannot offer 0–6 A (IEC 61851-1), so never send it.
    this.#request = limit.currentA < 6 ? { ...limit, currentA: 0 } : limit;
    this.#requestAtMs = this.ctx.clock.now();
    this.#hold = false;
    this.#silentLogged = false;
    this.sync(false);
  }

  /** Brings the station in line with the wish; `force` resends even when unchanged. */
  sync(force: boolean): void {
    if (!this.port.ready()) return;
    if (this.#inFlight) {
      this.#pending = { force: force || (this.#pending?.force ?? false) };
      return;
    }
    const { spec, key } = this.#target();
    if (!force && key === this.#sentKey) return;
    void this.#send(spec, key);
  }

  /**
   * Sets fail-safe profiles (TxDefault for any session, TxProfile for the running one) and holds
   * them. Rejects when the station did not accept them; resolves at once when it is not connected
   * (its own profiles run out to fail-safe anyway).
   */
  async failsafe(): Promise<void> {
    this.#hold = true;
    this.#renewal.abort(CANCELLED);
    if (!this.port.ready()) return;
    const units = this.#units();
    const { failsafeA, phases } = this.settings;
    const base = { connectorId: this.port.connectorId, startMs: this.ctx.clock.now(), phases };
    const periods = [{ startS: 0, currentA: failsafeA }];
    const sends = [
      this.port.send(
        { ...base, purpose: 'TxDefaultProfile', transactionId: null, periods, durationS: null },
        units,
      ),
    ];
    const transactionId = this.port.transactionId();
    if (transactionId !== null && !units.txDefaultOnly) {
      sends.push(
        this.port.send({ ...base, purpose: 'TxProfile', transactionId, periods, durationS: null }, units),
      );
    }
    this.#sentKey = null;
    const results = await Promise.allSettled(sends);
    const failures = results.flatMap((r) =>
      r.status === 'rejected' ? [describe(r.reason)] : r.value === 'Accepted' ? [] : [r.value],
    );
    if (failures.length > 0) {
      const where = `OCPP station ${this.port.stationId} connector ${this.port.connectorId}`;
      throw new Error(`${where}: fail-safe profile not accepted (${failures.join(', ')})`);
    }
    this.#held = { currentA: failsafeA, untilMs: Number.POSITIVE_INFINITY };
  }

  /** The station lost its connection: stop timers; the next connection resends everything. */
  disconnected(): void {
    this.#renewal.abort(CANCELLED);
    this.#sentKey = null;
  }

  held(): HeldLimit | null {
    return this.#held;
  }

  /** "Rejected", "NotSupported": the station's last answer to a profile, while it keeps refusing. */
  refusal(): string | null {
    return this.#refusal;
  }

  close(): void {
    this.#renewal.abort(CANCELLED);
  }

  #units(): ProfileUnits & { txDefaultOnly: boolean } {
    return { ...this.port.units(), voltageV: this.settings.voltageV, network: this.settings.network ?? 'tn' };
  }

  #target(): { spec: ProfileSpec; key: string } {
    const { failsafeA, profileDurationS } = this.settings;
    const limit =
      this.#hold || !this.#request ? { currentA: failsafeA, phases: this.settings.phases } : this.#request;
    const units = this.#units();
    const transactionId = units.txDefaultOnly ? null : this.port.transactionId();
    const durationS = this.#hold ? null : profileDurationS;
    const base = { connectorId: this.port.connectorId, startMs: this.ctx.clock.now(), phases: limit.phases };
    const spec: ProfileSpec =
      transactionId !== null
        ? {
            ...base,
            purpose: 'TxProfile',
            transactionId,
            periods: [{ startS: 0, currentA: limit.currentA }],
            durationS,
          }
        : {
            ...base,
            purpose: 'TxDefaultProfile',
            transactionId: null,
            periods:
              durationS === null || limit.currentA === failsafeA
                ? [{ startS: 0, currentA: failsafeA }]
                : [
                    { startS: 0, currentA: limit.currentA },
                    { startS: durationS, currentA: failsafeA },
                  ],
            durationS: null,
          };
    const key = [spec.purpose, transactionId, limit.currentA, limit.phases, this.#hold].join('|');
    return { spec, key };
  }

  async #send(spec: ProfileSpec, key: string): Promise<void> {
    this.#inFlight = true;
    this.#sentKey = key;
    let ok = false;
    try {
      const status = await this.port.send(spec, this.#units());
      ok = status === 'Accepted';
      if (ok) this.#accepted(spec);
      else this.#rejected(spec, status);
    } catch (error) {
      // The session already reported the failed call; log the consequence here.
      this.ctx.log.warn('charging profile not delivered', {
        stationId: this.port.stationId,
        connectorId: this.port.connectorId,
        error: describe(error),
      });
    } finally {
      this.#inFlight = false;
    }
    if (!ok) this.#sentKey = null;
    this.#scheduleRenewal(ok ? spec.startMs : null);
    const pending = this.#pending;
    this.#pending = null;
    if (pending) this.sync(pending.force);
  }

  #accepted(spec: ProfileSpec): void {
    this.#held = heldBy(spec, this.settings.failsafeA);
    this.#refusal = null;
    this.ctx.emit({
      type: 'ocpp.limitAccepted',
      stationId: this.port.stationId,
      connectorId: this.port.connectorId,
      purpose: spec.purpose,
      currentA: this.#held.currentA,
      untilMs: Number.isFinite(this.#held.untilMs) ? this.#held.untilMs : null,
    });
  }

  #rejected(spec: ProfileSpec, status: string): void {
    this.#refusal = status;
    this.ctx.emit({
      type: 'ocpp.profileRejected',
      stationId: this.port.stationId,
      connectorId: this.port.connectorId,
      purpose: spec.purpose,
      status,
    });
  }

  /** Renew at half the duration of the profile that started at `startMs`; after a failure, a quarter from now. */
  #scheduleRenewal(startMs: number | null): void {
    this.#renewal.abort(CANCELLED);
    if (this.#hold || !this.port.ready()) return;
    this.#renewal = new AbortController();
    const spanMs = this.settings.profileDurationS * 1000;
    const nowMs = this.ctx.clock.now();
    const delayMs = startMs === null ? spanMs / 4 : Math.max(0, startMs + spanMs / 2 - nowMs);
    after(this.ctx.clock, delayMs, this.#renewal.signal, () => this.#renew(spanMs));
  }

  #renew(spanMs: number): void {
    const silentMs =
      this.#requestAtMs === null ? Number.POSITIVE_INFINITY : this.ctx.clock.now() - this.#requestAtMs;
    if (silentMs > spanMs) {
      // The control loop stopped asking: let the profile run out to fail-safe (the dead-man switch).
      if (!this.#silentLogged && this.#request !== null) {
        this.ctx.log.warn('no limit requested for a whole profile duration; letting it lapse to fail-safe', {
          stationId: this.port.stationId,
          connectorId: this.port.connectorId,
        });
      }
      this.#silentLogged = true;
      return;
    }
    this.sync(true);
  }
}

/** What the station holds after accepting `spec`: its first period until the schedule moves on. */
function heldBy(spec: ProfileSpec, failsafeA: number): HeldLimit {
  const first = spec.periods[0]?.currentA ?? failsafeA;
  const second = spec.periods[1];
  if (spec.durationS !== null) return { currentA: first, untilMs: spec.startMs + spec.durationS * 1000 };
  if (second) return { currentA: first, untilMs: spec.startMs + second.startS * 1000 };
  return { currentA: first, untilMs: Number.POSITIVE_INFINITY };
}
