// What the live sources (serial, TCP, HTTP) share: one run loop started once, a stop signal the
// loop watches, and a backoff the reader resets after a good telegram.
import { Backoff, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import type { ByteSource, SourceListener } from './source.js';

export abstract class RetryingSource implements ByteSource {
  abstract readonly description: string;
  protected readonly stopping = new AbortController();
  protected readonly backoff: Backoff;
  #loop: Promise<void> | null = null;

  protected constructor(policy: BackoffPolicy | undefined, random: (() => number) | undefined) {
    this.backoff = new Backoff(policy ?? DEFAULT_BACKOFF, random);
  }

  start(listener: SourceListener): void {
    if (this.#loop) throw new Error(`${this.description}: already started`);
    this.#loop = this.run(listener);
  }

  /** The reader calls this after a good telegram: the link works, so the next failure retries fast. */
  resetBackoff(): void {
    this.backoff.reset();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.onStop();
    await this.#loop;
  }

  /** Called once by stop(), after the signal aborts: close what the loop is blocked on. */
  protected onStop(): void {}

  /** Runs until the stop signal aborts; never rejects. */
  protected abstract run(listener: SourceListener): Promise<void>;
}
