// Capped, jittered exponential backoff for reconnecting to meters (serial, TCP, HTTP). The maths is
// pure (random injected) so a test can pin every delay; only the sources own timers.
//
// "Full jitter" (a uniform draw between zero and the exponential ceiling) spreads reconnects of
// many readers and gives the best completion time for contended peers; a small floor keeps a peer
// that refuses instantly from being hammered in a hot loop (the Home Assistant dsmr lesson).

export interface BackoffPolicy {
  /** Ceiling of the first retry; each failure multiplies it by `factor`. */
  initialMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
  factor: number;
  /** No delay is shorter than this, whatever the draw. */
  floorMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2, floorMs: 100 };

/** The ceiling for the n-th consecutive failure (0-based): initial * factor^n, capped. */
export function backoffCeilingMs(policy: BackoffPolicy, attempt: number): number {
  const exponent = Math.max(0, Math.floor(attempt));
  // Past ~60 doublings the product overflows to Infinity; the cap handles it, min() keeps it finite.
  return Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent);
}

/** Full jitter: uniform in [floor, ceiling]; `random` returns [0, 1) like Math.random. */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const ceilingMs = backoffCeilingMs(policy, attempt);
  const floorMs = Math.min(policy.floorMs, ceilingMs);
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.round(floorMs + draw * (ceilingMs - floorMs));
}

/** The attempt counter around the pure function: next() after each failure, reset() after success. */
export class Backoff {
  #attempt = 0;

  constructor(
    readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** Consecutive failures so far. */
  get attempt(): number {
    return this.#attempt;
  }

  next(): number {
    const delayMs = backoffDelayMs(this.policy, this.#attempt, this.random);
    this.#attempt += 1;
    return delayMs;
  }

  reset(): void {
    this.#attempt = 0;
  }
}
