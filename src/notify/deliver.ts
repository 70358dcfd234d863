// Delivery to one sink: messages in order, one at a time, a failed one retried with capped,
// jittered backoff on the injected clock (STYLE 8). A sink that keeps failing is logged and its
// message given up after MAX_ATTEMPTS; nothing here ever throws into the bus.
import { Backoff, type BackoffPolicy } from '../meters/sources/backoff.js';
import type { Clock } from '../model/clock.js';
import type { Logger } from '../model/logger.js';
import type { Notification } from './kinds.js';
import { errorText, SinkError, type Sink } from './sinks/sink.js';

export const RETRY_BACKOFF: BackoffPolicy = { initialMs: 2_000, maxMs: 120_000, factor: 2, floorMs: 500 };
/** First try and retries; with RETRY_BACKOFF that spans about four minutes at most. */
export const MAX_ATTEMPTS = 6;
/** Messages waiting for a sink that is down; the oldest goes when more come. */
export const MAX_QUEUED = 50;

export interface DeliveryContext {
  name: string;
  sink: Sink;
  clock: Clock;
  log: Logger;
  random?: () => number;
}

export class Delivery {
  #queue: Notification[] = [];
  /** The loop that works through the queue, while there is one. */
  #running: Promise<void> | null = null;
  readonly #stop = new AbortController();
  readonly #backoff: Backoff;

  constructor(private readonly ctx: DeliveryContext) {
    this.#backoff = new Backoff(RETRY_BACKOFF, ctx.random ?? Math.random);
  }

  push(n: Notification): void {
    this.#queue.push(n);
    if (this.#queue.length > MAX_QUEUED) {
      const dropped = this.#queue.shift();
      this.ctx.log.warn(`notify: ${this.ctx.name}: too many messages waiting; dropped "${dropped?.title}"`);
    }
    this.#running ??= this.#run();
  }

  /** Resolves when nothing is waiting. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** No more waiting between attempts: what is queued gets one last try; then the sink closes. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.idle();
    try {
      await this.ctx.sink.close?.();
    } catch (error) {
      this.ctx.log.warn(`notify: ${this.ctx.name}: close failed: ${errorText(error)}`);
    }
  }

  async #run(): Promise<void> {
    try {
      for (let n = this.#queue.shift(); n; n = this.#queue.shift()) await this.#deliver(n);
    } finally {
      // In the same turn as the empty check: a push() from now on starts a new loop.
      this.#running = null;
    }
  }

  async #deliver(n: Notification): Promise<void> {
    const { name, sink, clock, log } = this.ctx;
    for (let attempt = 1; ; attempt++) {
      try {
        await sink.send(n);
        this.#backoff.reset();
        return;
      } catch (error) {
        const retryable = !(error instanceof SinkError) || error.retryable;
        const last = !retryable || attempt >= MAX_ATTEMPTS || this.#stop.signal.aborted;
        const what = error instanceof SinkError ? errorText(error) : `${name}: ${errorText(error)}`;
        if (last) {
          log.warn(`notify: ${what}; gave up on "${n.title}" after ${attempt} attempt(s)`);
          return;
        }
        const delayMs = this.#backoff.next();
        log.warn(`notify: ${what}; retrying in ${(delayMs / 1000).toFixed(1)} s`);
        await clock.sleep(delayMs, this.#stop.signal);
      }
    }
  }
}
