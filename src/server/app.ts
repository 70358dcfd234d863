// The HTTP server of `run` and `demo`: the API (routes.ts), the WebSocket feed (live-feed.ts),
// /metrics and the dashboard's files, on fastify. It only reads the live state and the store and
// sends run-time changes through Commands; it never touches the control loop's state itself.
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { LiveState } from '../model/live.js';
import type { Reading } from '../model/reading.js';
import type { Commands } from '../runtime/commands.js';
import type { EventBus } from '../runtime/events.js';
import type { Logger } from '../runtime/log.js';
import type { SiteConfig } from '../site/schema.js';
import type { ServerConfig } from './config.js';
import { EventFeed, type HistoryReader } from './event-feed.js';
import { registerLiveFeed } from './live-feed.js';
import { Metrics } from './metrics.js';
import { registerRoutes } from './routes.js';
import { registerWeb } from './web.js';

export interface ServerContext {
  config: ServerConfig;
  bus: EventBus;
  /** The live state after the last cycle and the last telegram (null before the first). */
  live: () => LiveState | null;
  reading: () => Reading | null;
  commands: Commands;
  /** The site model in force (run-time changes included). */
  siteModel: () => SiteConfig;
  /** The history store; null without a data directory (then /api/events answers from memory). */
  history: HistoryReader | null;
  log: Logger;
  /** The built dashboard (index.html, app.js, app.css); default dist/web of this package. */
  webDir?: string;
  version?: string;
}

export interface ApiServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startServer(ctx: ServerContext): Promise<ApiServer> {
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  const metrics = new Metrics();
  const events = new EventFeed(ctx.history);
  const offs = [metrics.attach(ctx.bus), events.attach(ctx.bus)];
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
  registerRoutes(app, { ...ctx, events, metrics });
  registerLiveFeed(app, { config: ctx.config, bus: ctx.bus, live: ctx.live, events });
  registerWeb(app, ctx.webDir);
  try {
    await app.listen({ port: ctx.config.port, host: ctx.config.host });
  } catch (error) {
    offs.forEach((off) => off());
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new Error(`${ctx.config.host}:${ctx.config.port} is in use (set server.port, or --port)`, {
        cause: error,
      });
    throw error;
  }
  const port = (app.server.address() as AddressInfo).port;
  const shown = ctx.config.host === '127.0.0.1' || ctx.config.host === '::1' ? 'localhost' : ctx.config.host;
  return {
    port,
    url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`,
    async close() {
      offs.forEach((off) => off());
      // The live feed's sockets would keep close() waiting: they are ended by the plugin's onClose.
      await app.close();
    },
  };
}
