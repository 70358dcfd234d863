// Which bus events the store keeps, and how: describeEvent's sentence as the message, the event's
// own fields as JSON. The per-cycle events are the samples' business, and each station's
// confirmation of each limit would drown the timeline (the log leaves it out too).
import type { StoredEvent } from '../model/history.js';
import { describeEvent } from '../runtime/event-log.js';
import type { AmpshareEvent, EventType } from '../runtime/events.js';
import type { Db } from './schema.js';

export const NOT_STORED: ReadonlySet<EventType> = new Set<EventType>([
  'cycle.completed',
  'state.updated',
  'ocpp.limitAccepted',
]);

export const isStored = (event: AmpshareEvent): boolean => !NOT_STORED.has(event.type);

/** JSON that does not throw on what events may carry by accident (bigint, Error). */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

export class EventWriter {
  readonly #insert;
  readonly #prune;

  constructor(db: Db) {
    this.#insert = db.prepare('INSERT INTO events (at_ms, type, message, data) VALUES (?, ?, ?, ?)');
    this.#prune = db.prepare('DELETE FROM events WHERE at_ms < ?');
  }

  write(event: AmpshareEvent, atMs: number): StoredEvent {
    const { type, ...fields } = event;
    const data = JSON.parse(JSON.stringify(fields, replacer) ?? '{}') as Record<string, unknown>;
    const message = describeEvent(event);
    const id = Number(this.#insert.run(atMs, type, message, JSON.stringify(data)).lastInsertRowid);
    return { id, atMs, type, message, data };
  }

  /** Deletes events older than `beforeMs`. */
  prune(beforeMs: number): void {
    this.#prune.run(beforeMs);
  }
}
