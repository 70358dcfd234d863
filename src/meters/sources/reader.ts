// A source and a decoder, glued: bytes in, Readings, decode errors and status out, with a watchdog
// that says when the meter falls silent. This is what the controller and `ampshare p1 read` use.
import type { Reading } from '../../model/reading.js';
import type { DecodeEvent, P1Counters, P1Decoder, P1Error } from '../dsmr/types.js';
import type { ByteSource, SourceEvent, SourceStatus } from './source.js';
import {
  Watchdog,
  describeRecovery,
  describeSilence,
  describeStatus,
  type WatchdogOptions,
} from './watchdog.js';

export type P1ReaderEvent =
  | { type: 'reading'; reading: Reading; receivedAt: number }
  | { type: 'error'; error: P1Error }
  | { type: 'status'; status: SourceStatus; message: string }
  | { type: 'silent'; message: string; silentMs: number }
  | { type: 'recovered'; message: string; silentMs: number }
  /** The source ended (end of file) or the reader was stopped; nothing follows. */
  | { type: 'end' };

export type P1ReaderListener = (event: P1ReaderEvent) => void;

export interface P1ReaderOptions {
  source: ByteSource;
  decoder: P1Decoder;
  clock?: { now(): number };
  /**
   * Quiet this long after bytes means the telegram is complete even without a "!" line (Iskra
   * MT382, DSMR 2.2). A 9600-baud telegram arrives in under 1 s; the next comes 10 s later.
   */
  idleGapMs?: number;
  /** false turns the watchdog off (fast file replay has no pace to watch). */
  watchdog?: WatchdogOptions | false;
  /** How often the watchdog looks. */
  watchdogTickMs?: number;
}

export class P1Reader {
  readonly #source: ByteSource;
  readonly #decoder: P1Decoder;
  readonly #now: () => number;
  readonly #listeners = new Set<P1ReaderListener>();
  readonly #watchdog: Watchdog | null;
  #status: SourceStatus = { state: 'connecting' };
  #statusAt: number;
  #bytesSinceTelegram = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  #tickTimer: NodeJS.Timeout | undefined;
  #stopping = false;
  #ended = false;
  readonly #done: Promise<void>;
  #resolveDone!: () => void;

  constructor(private readonly options: P1ReaderOptions) {
    this.#source = options.source;
    this.#decoder = options.decoder;
    this.#now = options.clock ? () => options.clock!.now() : Date.now;
    this.#statusAt = this.#now();
    this.#watchdog = options.watchdog === false ? null : new Watchdog(this.#now(), options.watchdog);
    this.#done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  get description(): string {
    return this.#source.description;
  }

  get counters(): P1Counters {
    return this.#decoder.counters;
  }

  /** Resolves once the source has ended or the reader was stopped. */
  get done(): Promise<void> {
    return this.#done;
  }

  /** Subscribes; returns the unsubscribe function. */
  on(listener: P1ReaderListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    this.#statusAt = this.#now();
    this.#source.start((event) => this.#onSource(event));
    if (this.#watchdog) {
      this.#tickTimer = setInterval(() => this.checkWatchdog(), this.options.watchdogTickMs ?? 1_000);
      this.#tickTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#source.stop();
    this.#finish();
  }

  /** Runs the watchdog now; the timer calls this, tests may too. */
  checkWatchdog(): void {
    if (!this.#watchdog || this.#ended) return;
    const now = this.#now();
    const notice = this.#watchdog.check(now);
    if (notice?.kind !== 'silent') return;
    const message = describeSilence({
      silentMs: notice.silentMs,
      source: this.#source.description,
      status: this.#status,
      statusAt: this.#statusAt,
      bytesSinceTelegram: this.#bytesSinceTelegram,
      sinceAt: this.#watchdog.lastTelegramAt,
      now,
    });
    this.#emit({ type: 'silent', message, silentMs: notice.silentMs });
  }

  /** Every event until the end, for `for await`; events before the call are not replayed. */
  async *[Symbol.asyncIterator](): AsyncGenerator<P1ReaderEvent> {
    const queue: P1ReaderEvent[] = [];
    let wake: (() => void) | null = null;
    const off = this.on((event) => {
      queue.push(event);
      wake?.();
    });
    try {
      for (;;) {
        const event = queue.shift();
        if (event) {
          yield event;
          if (event.type === 'end') return;
        } else if (this.#ended) {
          return;
        } else {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
        }
      }
    } finally {
      off();
    }
  }

  /** Only the Readings, for a controller that wants nothing else. */
  async *readings(): AsyncGenerator<Reading> {
    for await (const event of this) if (event.type === 'reading') yield event.reading;
  }

  #onSource(event: SourceEvent): void {
    if (this.#ended) return;
    switch (event.type) {
      case 'bytes':
        this.#bytesSinceTelegram += event.chunk.byteLength;
        this.#decoded(this.#decoder.push(event.chunk));
        this.#armIdle();
        return;
      case 'boundary':
        clearTimeout(this.#idleTimer);
        this.#decoded(this.#decoder.idle());
        return;
      case 'reading':
        this.#reading(event.reading);
        return;
      case 'status':
        this.#onStatus(event.status);
        return;
    }
  }

  #onStatus(status: SourceStatus): void {
    this.#status = status;
    this.#statusAt = this.#now();
    if (status.state === 'ended') {
      clearTimeout(this.#idleTimer);
      // Stopping is not the end of the input: a half-received telegram is no error then.
      if (!this.#stopping) this.#decoded(this.#decoder.end());
    }
    const message = `${this.#source.description}: ${describeStatus(status)}`;
    this.#emit({ type: 'status', status, message });
    if (status.state === 'ended') this.#finish();
  }

  #armIdle(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.#decoded(this.#decoder.idle()), this.options.idleGapMs ?? 1_500);
    this.#idleTimer.unref();
  }

  #decoded(events: DecodeEvent[]): void {
    for (const event of events) {
      if (event.type === 'reading') this.#reading(event.reading);
      else this.#emit({ type: 'error', error: event.error });
    }
  }

  #reading(reading: Reading): void {
    const receivedAt = this.#now();
    this.#bytesSinceTelegram = 0;
    this.#source.resetBackoff?.();
    const notice = this.#watchdog?.telegram(receivedAt, reading);
    if (notice?.kind === 'recovered') {
      const message = describeRecovery(this.#source.description, notice.silentMs);
      this.#emit({ type: 'recovered', message, silentMs: notice.silentMs });
    }
    this.#emit({ type: 'reading', reading, receivedAt });
  }

  #finish(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#idleTimer);
    clearInterval(this.#tickTimer);
    this.#emit({ type: 'end' });
    this.#resolveDone();
  }

  #emit(event: P1ReaderEvent): void {
    for (const listener of this.#listeners) {
      // A failing subscriber must not take the byte stream down with it (STYLE: isolate features).
      try {
        listener(event);
      } catch (error) {
        console.error(`${this.#source.description}: a reader listener failed on ${event.type}:`, error);
      }
    }
  }
}
