// GET /api/live (WebSocket): the live state after every cycle and every event as it happens, as
// JSON messages {type: "state", state} and {type: "event", event}. The first message is the
// current state. A client that does not keep up (a phone on a bad link) misses state messages
// rather than growing the server's memory: states are skipped while its send buffer is full;
// events are never skipped.
import type { FastifyInstance } from 'fastify';
import type { LiveState } from '../model/live.js';
import type { EventBus } from '../runtime/events.js';
import { denied } from './auth.js';
import type { ServerConfig } from './config.js';
import type { EventFeed } from './event-feed.js';

const MAX_BUFFERED_BYTES = 1 << 20;

export interface LiveFeedContext {
  config: ServerConfig;
  bus: EventBus;
  live: () => LiveState | null;
  events: EventFeed;
}

export function registerLiveFeed(app: FastifyInstance, ctx: LiveFeedContext): void {
  app.get('/api/live', { websocket: true }, (socket, request) => {
    const no = denied(ctx.config, request, 'read');
    if (no) {
      socket.close(4000 + no.status, no.error);
      return;
    }
    const send = (message: object, skippable: boolean): void => {
      if (socket.readyState !== socket.OPEN) return;
      if (skippable && socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
      socket.send(JSON.stringify(message));
    };
    const current = ctx.live();
    if (current) send({ type: 'state', state: current }, false);
    const offs = [
      ctx.bus.on('state.updated', (e) => send({ type: 'state', state: e.state }, true)),
      ctx.events.subscribe((event) => send({ type: 'event', event }, false)),
    ];
    socket.on('close', () => offs.forEach((off) => off()));
    // The feed is one-way; anything a client sends is ignored.
    socket.on('message', () => undefined);
  });
}
