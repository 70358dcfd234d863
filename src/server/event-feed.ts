// Events for the API and the WebSocket feed: every bus event but the per-cycle ones, as
// StoredEvent (one human sentence + its fields). With a history store, listing reads the store
// (everything since the data directory began); without one, the last EVENTS_KEPT from memory.
import type { ChargingSession, HistoryPoint, Resolution, StoredEvent } from '../model/history.js';
import { describeEvent } from '../runtime/event-log.js';
import type { AmpshareEvent, EventBus, EventType } from '../runtime/events.js';

/** What the server reads of the history store (src/store/). */
export interface HistoryReader {
  history(resolution: Resolution, fromMs: number, toMs: number): HistoryPoint[];
  sessions(fromMs: number, toMs: number): ChargingSession[];
  events(query: { limit?: number; beforeId?: number; type?: string }): StoredEvent[];
  /** CSV lines, header first, each ending in CRLF (RFC 4180); RangeError for an unknown kind. */
  csv(
    kind: 'samples' | 'sessions' | 'events',
    query: { resolution?: Resolution; fromMs?: number; toMs?: number },
  ): Iterable<string>;
  /** Each event as the store recorded it (with the store's id). */
  onEvent(listener: (event: StoredEvent) => void): () => void;
}

const PER_CYCLE: ReadonlySet<EventType> = new Set<EventType>([
  'cycle.completed',
  'state.updated',
  'ocpp.limitAccepted',
]);
const EVENTS_KEPT = 500;

export class EventFeed {
  readonly #recent: StoredEvent[] = [];
  readonly #listeners = new Set<(event: StoredEvent) => void>();
  #nextId = 1;

  constructor(
    private readonly history: HistoryReader | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** With a store, its events (and ids) are the feed's; without, the bus's, numbered here. */
  attach(bus: EventBus): () => void {
    if (this.history) return this.history.onEvent((event) => this.#deliver(event));
    return bus.onAny((event) => this.#push(event));
  }

  #deliver(event: StoredEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  /** Every new event as it comes; returns the unsubscriber. */
  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  list(query: { limit: number; beforeId?: number; type?: string }): StoredEvent[] {
    if (this.history) return this.history.events(query);
    return this.#recent
      .filter(
        (e) =>
          (query.beforeId === undefined || e.id < query.beforeId) && (!query.type || e.type === query.type),
      )
      .slice(-query.limit)
      .reverse();
  }

  #push(event: AmpshareEvent): void {
    if (PER_CYCLE.has(event.type)) return;
    const { type, ...data } = event;
    const stored: StoredEvent = {
      id: this.#nextId++,
      atMs: this.now(),
      type,
      message: describeEvent(event),
      data,
    };
    this.#recent.push(stored);
    if (this.#recent.length > EVENTS_KEPT) this.#recent.splice(0, this.#recent.length - EVENTS_KEPT);
    this.#deliver(stored);
  }
}
