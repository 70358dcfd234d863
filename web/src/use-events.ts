// The event timeline's list: GET /api/events first (and again after each reconnection, for what
// was missed), then each WebSocket `event` message. Newest first, one entry per id.
import { useCallback, useState } from 'preact/hooks';
import { api } from './api.js';
import type { StoredEvent } from './types.js';

const KEEP = 200;

/**
 * One entry per event. The key is more than the id so that two different events can never hide
 * each other even if the list and the feed were to number them differently.
 */
const key = (e: StoredEvent): string => `${e.id}|${e.type}|${e.message}`;

function merge(current: readonly StoredEvent[], incoming: readonly StoredEvent[]): StoredEvent[] {
  const byKey = new Map<string, StoredEvent>();
  for (const event of current) byKey.set(key(event), event);
  for (const event of incoming) byKey.set(key(event), event);
  return [...byKey.values()].sort((a, b) => b.atMs - a.atMs || b.id - a.id).slice(0, KEEP);
}

export interface EventList {
  events: StoredEvent[];
  error: string | null;
  add(event: StoredEvent): void;
  reload(): void;
}

export function useEvents(): EventList {
  const [events, setEvents] = useState<StoredEvent[]>([]);
  const [error, setError] = useState<string | null>(null);
  const add = useCallback((event: StoredEvent) => setEvents((list) => merge(list, [event])), []);
  const reload = useCallback(() => {
    api.events(100).then(
      (answer) => {
        setError(null);
        setEvents((list) => merge(list, answer.events));
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, []);
  return { events, error, add, reload };
}
