// The WebSocket feed (GET /api/live): one `state` message per cycle, one `event` message per
// event. Reconnects on its own with backoff; the connection's state is part of what it returns so
// that the header can say "offline, retrying in 4 s".
import { useEffect, useRef, useState } from 'preact/hooks';
import { liveUrl } from './api.js';
import { tokenRejected } from './auth.js';
import { reconnectDelayMs } from './backoff.js';
import type { LiveState, StoredEvent } from './types.js';

export type Connection =
  | { state: 'connecting' }
  | { state: 'open'; sinceMs: number }
  | { state: 'waiting'; retryAtMs: number; attempt: number };

type Message = { type: 'state'; state: LiveState } | { type: 'event'; event: StoredEvent };

export interface LiveFeed {
  state: LiveState | null;
  /** When the last state arrived (browser clock), for "updated 3 s ago". */
  receivedMs: number | null;
  connection: Connection;
}

/**
 * Connects while mounted; `epoch` changes (a new token) reconnect at once. `onEvent` hears each
 * event; `onOpen` each (re)connection, so that the caller can fetch what it missed meanwhile.
 */
export function useLive(epoch: number, onEvent: (event: StoredEvent) => void, onOpen: () => void): LiveFeed {
  const [feed, setFeed] = useState<LiveFeed>({
    state: null,
    receivedMs: null,
    connection: { state: 'connecting' },
  });
  const handlers = useRef({ onEvent, onOpen });
  handlers.current = { onEvent, onOpen };

  useEffect(() => {
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let closed = false;

    const connect = () => {
      setFeed((f) => ({ ...f, connection: { state: 'connecting' } }));
      const ws = new WebSocket(liveUrl());
      socket = ws;
      ws.onopen = () => {
        attempt = 0;
        setFeed((f) => ({ ...f, connection: { state: 'open', sinceMs: Date.now() } }));
        handlers.current.onOpen();
      };
      ws.onmessage = (message: MessageEvent<string>) => {
        let parsed: Message;
        try {
          parsed = JSON.parse(message.data) as Message;
        } catch {
          return;
        }
        if (parsed.type === 'state') setFeed((f) => ({ ...f, state: parsed.state, receivedMs: Date.now() }));
        else if (parsed.type === 'event') handlers.current.onEvent(parsed.event);
      };
      ws.onclose = (close) => {
        // The server closes with 4000 + the HTTP status when it refuses the socket (4401: token).
        if (close.code === 4401) tokenRejected();
        if (closed || socket !== ws) return;
        const delayMs = reconnectDelayMs(attempt);
        setFeed((f) => ({
          ...f,
          connection: { state: 'waiting', retryAtMs: Date.now() + delayMs, attempt: attempt + 1 },
        }));
        attempt += 1;
        timer = setTimeout(connect, delayMs);
      };
    };

    connect();
    return () => {
      closed = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, [epoch]);

  return feed;
}
