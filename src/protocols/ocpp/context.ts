// What the central system is given (one context object) and what it says (typed events).
import type { Clock } from '../../model/clock.js';
import type { Logger } from '../../model/logger.js';

export { after, CANCELLED } from '../../model/clock.js';

export type OcppProtocol = 'ocpp1.6' | 'ocpp2.0.1';
export const OCPP_PROTOCOLS: readonly OcppProtocol[] = ['ocpp1.6', 'ocpp2.0.1'];

export type OcppLogger = Logger;
export type OcppClock = Clock;

export type OcppEvent =
  | { type: 'ocpp.connected'; stationId: string; protocol: OcppProtocol }
  | { type: 'ocpp.disconnected'; stationId: string; code: number | null; reason: string }
  | { type: 'ocpp.rejected'; stationId: string; remoteAddress: string | null; reason: string }
  | { type: 'ocpp.booted'; stationId: string; vendor: string; model: string; firmware: string | null }
  | {
      type: 'ocpp.configured';
      stationId: string;
      rateUnit: 'A' | 'W';
      stackLevel: number;
      smartCharging: boolean | null;
    }
  | { type: 'ocpp.invalidMessage'; stationId: string; method: string | null; error: string }
  | { type: 'ocpp.callFailed'; stationId: string; method: string; error: string }
  | { type: 'ocpp.profileRejected'; stationId: string; connectorId: number; purpose: string; status: string }
  /** A station accepted a limit: it holds currentA until untilMs (then fail-safe); null: no end. */
  | {
      type: 'ocpp.limitAccepted';
      stationId: string;
      connectorId: number;
      purpose: string;
      currentA: number;
      untilMs: number | null;
    }
  | { type: 'ocpp.transactionStarted'; stationId: string; connectorId: number; transactionId: string }
  | { type: 'ocpp.transactionEnded'; stationId: string; connectorId: number; transactionId: string };

export interface OcppContext {
  log: OcppLogger;
  emit(event: OcppEvent): void;
  clock: OcppClock;
}

/** "CALLERROR InternalError: …", "timeout", or the message: an error in one short phrase. */
export function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { rpcErrorCode?: unknown }).rpcErrorCode;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
