// What every P1 transport (serial, TCP, HTTP, file) looks like to the reader: something that,
// once started, says what it is doing and hands over bytes. Sources never parse telegrams; the one
// exception is a JSON meter API (HomeWizard /api/v1/data) that has no telegram to hand over, so it
// hands over a Reading instead.
import type { Reading } from '../../model/reading.js';

/** Where a source stands; the watchdog quotes it when the meter falls silent. */
export type SourceStatus =
  | { state: 'connecting'; detail?: string }
  | { state: 'connected'; detail?: string }
  /** Not connected; the next attempt is in `retryInMs`. */
  | { state: 'waiting'; error: string; retryInMs: number }
  /** No more data will come (end of file, or stopped); `error` when it could not be read at all. */
  | { state: 'ended'; error?: string };

export type SourceEvent =
  | { type: 'bytes'; chunk: Uint8Array }
  /**
   * The bytes so far formed a complete unit (one HTTP response, the line going quiet): a telegram
   * without a "!" line (Iskra MT382) ends here.
   */
  | { type: 'boundary' }
  | { type: 'reading'; reading: Reading }
  | { type: 'status'; status: SourceStatus };

export type SourceListener = (event: SourceEvent) => void;

export interface ByteSource {
  /** Human-readable, used in messages: "tcp 127.0.0.1:2323", "serial /dev/ttyUSB0". */
  readonly description: string;
  /** Begins delivering events; reconnects on its own until stopped. Call once. */
  start(listener: SourceListener): void;
  /** Closes connections and timers; resolves when nothing is left running. Idempotent. */
  stop(): Promise<void>;
  /** The reader calls this after a good telegram: the link works, so the next failure retries fast. */
  resetBackoff?(): void;
}

/** Time for sources, injectable so pacing and retry logic can be tested without waiting. */
export { systemClock, type Clock } from '../../model/clock.js';

/** "ECONNREFUSED", "ETIMEDOUT", or the message: what an error says in one short phrase. */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
    const cause = (error as { cause?: unknown }).cause;
    if (cause !== undefined && cause !== error) {
      const inner = describeError(cause);
      if (inner !== 'error') return inner;
    }
    const message = (error as { message?: unknown }).message;
    // serialport's messages start with a redundant "Error: ".
    if (typeof message === 'string' && message.length > 0) return message.replace(/^Error: /, '');
  }
  return typeof error === 'string' && error.length > 0 ? error : 'error';
}
