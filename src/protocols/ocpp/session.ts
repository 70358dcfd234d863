// One connection of one station, as the protocol adapters see it: the ocpp-rpc client, the station's
// model, and the few decisions that belong to the CSMS (authorization, transaction ids, calls with a
// timeout). Each OCPP version is an adapter (v16.ts, v201.ts) behind the same small interface.
import type { RPCServerClient } from 'ocpp-rpc';
import type { StationCapabilities } from './capabilities.js';
import type { CsmsConfig } from './config.js';
import { describe, type OcppContext } from './context.js';
import type { ProfileSpec, ProfileUnits } from './profiles.js';
import type { Station, StationInfo } from './station.js';

export interface Session {
  readonly station: Station;
  readonly client: RPCServerClient;
  readonly config: CsmsConfig;
  readonly ctx: OcppContext;
  /** The station sent a BootNotification (it is answered Accepted): configure it. */
  booted(info: StationInfo): void;
  isAuthorized(idTag: string): boolean;
  /** 1.6 transaction ids are integers chosen by the CSMS, unique across restarts. */
  newTransactionId(): number;
  /** A call with the configured timeout; a failure is reported as an event and rethrown. */
  call<T>(method: string, params: unknown): Promise<T>;
  /** Our clock as an ISO 8601 string, for currentTime and timestamps. */
  isoNow(): string;
}

export interface ProtocolAdapter {
  /** Reads what the station can do and sets the meter values it should send. */
  configure(connectorIds: readonly number[]): Promise<StationCapabilities>;
  /** Sends a charging profile; resolves to the station's status ("Accepted", "Rejected", …). */
  setChargingProfile(spec: ProfileSpec, units: ProfileUnits): Promise<string>;
}

/** Inbound messages that need nothing but an empty answer (notifications we do not act on). */
export function acknowledge(session: Session, methods: readonly string[]): void {
  for (const method of methods) session.client.handle(method, () => ({}));
}

export interface SessionParts {
  station: Station;
  client: RPCServerClient;
  config: CsmsConfig;
  ctx: OcppContext;
  /** A BootNotification arrived (the station model has its info already). */
  onBoot(): void;
  newTransactionId(): number;
}

export function createSession(parts: SessionParts): Session {
  const { station, client, config, ctx } = parts;
  client.on('message', () => station.seen(ctx.clock.now()));
  /** Settles when the station's last call has; null when none is in flight. */
  let inFlight: Promise<void> | null = null;
  // The timeout is ours, not ocpp-rpc's: the library's builds a TimeoutError (a stack trace) and
  // a timers/promises timer for every call and aborts it with a DOMException when the answer
  // comes, about a tenth of the daemon's CPU with 100 stations. This one costs a timer; the abort
  // (which ends the library's pending call) only happens on a real timeout.
  const timedCall = async <T>(method: string, params: unknown): Promise<T> => {
    const abort = new AbortController();
    const timeoutS = config.callTimeoutS;
    const timer = setTimeout(
      () => abort.abort(`no answer to ${method} within ${timeoutS} s`),
      timeoutS * 1000,
    );
    timer.unref();
    try {
      return (await client.call(method, params, { callTimeoutMs: 0, signal: abort.signal })) as T;
    } catch (error) {
      ctx.emit({ type: 'ocpp.callFailed', stationId: station.id, method, error: describe(error) });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    station,
    client,
    config,
    ctx,
    booted: (info) => {
      station.info = info;
      station.forgetTransactions();
      ctx.emit({ type: 'ocpp.booted', stationId: station.id, ...info });
      parts.onBoot();
    },
    isAuthorized: (idTag) => config.authorize === 'all' || config.authorize.includes(idTag),
    newTransactionId: parts.newTransactionId,
    call: <T>(method: string, params: unknown): Promise<T> => {
      // One call at a time per station, as ocpp-rpc would (callConcurrency 1), but queued here so
      // that each call's timeout starts when it is sent, not when it joins the queue. A station
      // with nothing in flight gets its call at once, within the cycle that made it (a promise
      // hop would send it only after the cycle's other work: +4 ms at 100 stations).
      const send = (): Promise<T> => timedCall<T>(method, params);
      const sent = inFlight === null ? send() : inFlight.then(send, send);
      const settled: Promise<void> = sent.then(
        () => undefined,
        () => undefined,
      );
      inFlight = settled;
      void settled.then(() => {
        if (inFlight === settled) inFlight = null;
      });
      return sent;
    },
    isoNow: () => new Date(ctx.clock.now()).toISOString(),
  };
}
