// The history store (docs/history.md): site state per second, minute and quarter hour, charging
// sessions and events, in SQLite (WAL) in the data directory. It listens to the event bus and
// answers the API's history, sessions, events and CSV queries. One cycle is one transaction of
// prepared statements, so what a cycle wrote is either all there after a kill -9 or not at all.
import type { ChargingSession, HistoryPoint, Resolution, StoredEvent } from '../model/history.js';
import { systemClock, type Clock } from '../model/clock.js';
import type { LiveState } from '../model/live.js';
import type { Logger } from '../model/logger.js';
import type { AmpshareEvent, EventBus } from '../runtime/events.js';
import { DEFAULT_HISTORY_CONFIG, type HistoryConfig } from './config.js';
import { csvLines, type CsvKind, type CsvQuery } from './csv.js';
import { EventWriter, isStored } from './events.js';
import { HistoryReader, type EventQuery } from './queries.js';
import { openBucketsReader, SampleWriter } from './sample-writer.js';
import { sampleFromState } from './sample.js';
import { openDatabase, StoreError, type Db } from './schema.js';
import { SessionTracker } from './sessions.js';

export interface HistoryStoreOptions {
  dataDir: string;
  config?: HistoryConfig;
  clock?: Clock;
  /** The site's IANA zone for day and month buckets; default the last one a state said, else UTC. */
  timezone?: string;
  log?: Logger;
  /** Read only (`ampshare export` beside a running controller): the file must exist; no writes. */
  readOnly?: boolean;
}

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined };

interface Writers {
  samples: SampleWriter;
  sessions: SessionTracker;
  events: EventWriter;
  record: (state: LiveState) => void;
}

export class HistoryStore {
  readonly #reader: HistoryReader;
  readonly #writers: Writers | null;
  readonly #listeners = new Set<(event: StoredEvent) => void>();
  readonly #detach = new Set<() => void>();
  #pending: { event: AmpshareEvent; atMs: number }[] = [];
  readonly #writeEvents: (pending: { event: AmpshareEvent; atMs: number }[]) => StoredEvent[];
  #timezone: string;
  #previousMs: number | null = null;

  private constructor(
    private readonly db: Db,
    /** The database file. */
    readonly path: string,
    private readonly config: HistoryConfig,
    private readonly clock: Clock,
    private readonly log: Logger,
    readOnly: boolean,
    timezone: string | undefined,
  ) {
    const stored = db.prepare(`SELECT value FROM meta WHERE key = 'timezone'`).pluck().get() as
      string | undefined;
    this.#timezone = timezone ?? stored ?? 'UTC';
    const writers = readOnly ? null : this.#createWriters();
    this.#writers = writers;
    this.#writeEvents = db.transaction((pending: { event: AmpshareEvent; atMs: number }[]) =>
      pending.map(({ event, atMs }) => this.#writable().events.write(event, atMs)),
    );
    this.#reader = new HistoryReader(
      db,
      () => this.#timezone,
      writers ? () => writers.samples.open() : openBucketsReader(db),
    );
  }

  static open(options: HistoryStoreOptions): HistoryStore {
    const log = options.log ?? silent;
    const readOnly = options.readOnly ?? false;
    const { db, path } = openDatabase(options.dataDir, { readOnly, log: (m) => log.info(m) });
    try {
      return new HistoryStore(
        db,
        path,
        options.config ?? DEFAULT_HISTORY_CONFIG,
        options.clock ?? systemClock,
        log,
        readOnly,
        options.timezone,
      );
    } catch (err) {
      db.close();
      throw err;
    }
  }

  #createWriters(): Writers {
    const events = new EventWriter(this.db);
    const keepEventsDays = this.config.keepEventsDays;
    const samples = new SampleWriter(this.db, this.config, this.log, (nowMs) => {
      if (keepEventsDays !== null) events.prune(nowMs - keepEventsDays * 86_400_000);
    });
    const sessions = new SessionTracker(this.db, this.log);
    const meta = this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    const setMeta = (key: string, value: string): void => void meta.run(key, value);
    const maxGapMs = this.config.maxGapS * 1000;
    const transaction = this.db.transaction((state: LiveState) => {
      const sinceMs = this.#previousMs === null ? 0 : state.atMs - this.#previousMs;
      const dtMs = Math.min(maxGapMs, Math.max(0, sinceMs));
      this.#previousMs = Math.max(state.atMs, this.#previousMs ?? -Infinity);
      if (state.site.timezone !== this.#timezone) {
        this.#timezone = state.site.timezone;
        setMeta('timezone', state.site.timezone);
      }
      const sample = sampleFromState(state, dtMs);
      if (sample) samples.add(sample);
      sessions.observe(state, dtMs);
    });
    const record = (state: LiveState): void => {
      try {
        transaction(state);
      } catch (err) {
        // Rolled back (a full disk …): memory may be ahead of the file; take it from the file again.
        samples.reload();
        sessions.reload();
        throw new StoreError(this.path, `cycle ${state.cycle} not stored: ${(err as Error).message}`);
      }
    };
    return { samples, sessions, events, record };
  }

  #writable(): Writers {
    if (!this.#writers) throw new StoreError(this.path, 'opened read-only');
    return this.#writers;
  }

  /** The zone day and month buckets follow. */
  get timezone(): string {
    return this.#timezone;
  }

  /** Stores samples and sessions from `state.updated`, and every other event worth keeping. */
  attach(bus: EventBus): () => void {
    this.#writable();
    const offState = bus.on('state.updated', (event) => this.record(event.state));
    const offAny = bus.onAny((event) => {
      if (isStored(event)) this.#queue(event, this.clock.now());
    });
    const detach = (): void => {
      offState();
      offAny();
      this.#flushQuietly();
      this.#detach.delete(detach);
    };
    this.#detach.add(detach);
    return detach;
  }

  /** One cycle's state, in one transaction, after the events heard before it. */
  record(state: LiveState): void {
    // Events that cannot be written (a full disk, say) must not cost the cycle's sample as well.
    this.#flushQuietly();
    this.#writable().record(state);
  }

  /** Stores one event (whatever its type) at `atMs` now, and tells the onEvent listeners. */
  recordEvent(event: AmpshareEvent, atMs: number = this.clock.now()): StoredEvent {
    if (!this.db.open) throw new StoreError(this.path, 'closed');
    this.#queue(event, atMs);
    return this.flush().at(-1)!;
  }

  /**
   * Events heard on the bus wait here and are written together: at the end of the cycle that
   * raised them (record()), or on the next turn of the event loop for those raised outside a
   * cycle. One transaction for a cycle's events instead of one each: with 100 stations a cycle
   * raises 100 device.setpoint events, and written one by one they took ~4 ms of every cycle.
   */
  #queue(event: AmpshareEvent, atMs: number): void {
    this.#pending.push({ event, atMs });
    if (this.#pending.length === 1) setImmediate(() => this.#flushQuietly());
  }

  #flushQuietly(): void {
    try {
      this.flush();
    } catch (err) {
      this.log.warn('history: events not stored', { error: String(err) });
    }
  }

  /** Writes the waiting events in one transaction, tells the onEvent listeners; returns them. */
  flush(): StoredEvent[] {
    if (this.#pending.length === 0 || !this.db.open) return [];
    const pending = this.#pending;
    this.#pending = [];
    let stored: StoredEvent[];
    let failure: string | null = null;
    try {
      stored = this.#writeEvents(pending);
    } catch (batchError) {
      // The batch rolled back: one by one, so that one event that cannot be stored loses only itself.
      stored = [];
      let failed = 0;
      for (const one of pending) {
        try {
          stored.push(...this.#writeEvents([one]));
        } catch {
          failed++;
        }
      }
      if (failed > 0) failure = `${failed} of ${pending.length} events not stored: ${String(batchError)}`;
    }
    for (const event of stored) {
      for (const listener of this.#listeners) {
        try {
          listener(event);
        } catch (err) {
          this.log.warn('history: an event listener failed', { error: String(err) });
        }
      }
    }
    if (failure !== null) throw new StoreError(this.path, failure);
    return stored;
  }

  /** Hears every event as stored, with its id (the WebSocket feed). */
  onEvent(listener: (event: StoredEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  history(resolution: Resolution, fromMs: number, toMs: number): HistoryPoint[] {
    return this.#reader.history(resolution, fromMs, toMs);
  }

  sessions(fromMs: number, toMs: number): ChargingSession[] {
    return this.#reader.sessions(fromMs, toMs);
  }

  /** Newest first; `limit` 1..1000 (default 100). */
  events(query: EventQuery = {}): StoredEvent[] {
    return this.#reader.events(query);
  }

  /** CSV lines (each ending in CRLF), the header first, read lazily page by page. */
  csv(kind: CsvKind, query: CsvQuery = {}): Iterable<string> {
    return csvLines(this.#reader, kind, query, this.#timezone);
  }

  close(): void {
    try {
      for (const detach of [...this.#detach]) detach();
      this.#flushQuietly();
    } finally {
      this.#listeners.clear();
      if (this.db.open) this.db.close();
    }
  }
}
