// Time for everything that waits — the runtime, the meter sources, the drivers and the OCPP
// central system share this one Clock. Tests hand in a fake clock and move time themselves.

export interface Clock {
  /** Wall-clock time, ms since the epoch. */
  now(): number;
  /** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * The reason to abort a timer's signal with, as in `controller.abort(CANCELLED)`. Without a reason,
 * abort() builds a DOMException (with a stack trace): about 3 % of the daemon's CPU with 100
 * stations, whose limiters re-arm their renewal timers on every profile sent.
 */
export const CANCELLED = 'cancelled';

/** Runs `fn` after `ms` on `clock` unless `signal` aborts first. */
export function after(clock: Clock, ms: number, signal: AbortSignal, fn: () => void): void {
  void clock.sleep(ms, signal).then(() => {
    if (!signal.aborted) fn();
  });
}
