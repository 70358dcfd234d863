// The API's routes (docs/api.md). Reads answer from the live state, the last reading and the
// history store; writes go through Commands (validated against the whole configuration,
// persisted, recorded) and answer with the changed object as the next cycle will see it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import type { Resolution } from '../model/history.js';
import type { z } from 'zod';
import type { LiveState } from '../model/live.js';
import { SettingsError } from '../runtime/commands.js';
import { guard, type Access } from './auth.js';
import type { ServerContext } from './app.js';
import type { EventFeed } from './event-feed.js';
import type { Metrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import {
  deviceChangeSchema,
  eventsQuerySchema,
  historyQuerySchema,
  rangeQuerySchema,
  siteChangeSchema,
  zodError,
} from './schemas.js';

export interface RoutesContext extends ServerContext {
  events: EventFeed;
  metrics: Metrics;
}

const DAY_MS = 86_400_000;
const MAX_SPAN_MS: Record<Resolution, number> = {
  second: DAY_MS,
  minute: 31 * DAY_MS,
  quarter: 93 * DAY_MS,
  hour: 366 * DAY_MS,
  day: 5 * 366 * DAY_MS,
  month: 50 * 366 * DAY_MS,
};
const EXPORTS = ['samples', 'sessions', 'events'] as const;

function siteView(state: LiveState) {
  const { site, circuits, quarterHour, monthPeakW, failsafe } = state;
  return { site, circuits, quarterHour, monthPeakW, failsafe };
}

export function registerRoutes(app: FastifyInstance, ctx: RoutesContext): void {
  const { config } = ctx;
  /** A route behind the guard: `access` decides whether a token (or JSON from loopback) is needed. */
  const route = (
    method: 'GET' | 'PATCH',
    url: string,
    access: Access,
    handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ): void => {
    app.route({
      method,
      url,
      handler: async (request, reply) =>
        (await guard(config, request, reply, access)) ? handler(request, reply) : reply,
    });
  };
  const parse = <S extends z.ZodType>(schema: S, value: unknown, where: string, reply: FastifyReply) => {
    const result = schema.safeParse(value ?? {});
    if (result.success) return result.data as z.output<S>;
    void reply.code(400).send(zodError(result.error, where));
    return null;
  };
  const live = (reply: FastifyReply): LiveState | null => {
    const state = ctx.live();
    if (!state)
      void reply.code(503).send({ error: 'no control cycle yet (waiting for the meter)', field: null });
    return state;
  };
  const history = (reply: FastifyReply) => {
    if (!ctx.history)
      void reply.code(503).send({ error: 'no history: the configuration has dataDir: false', field: null });
    return ctx.history;
  };
  /** A run-time change: SettingsError → 400/404 naming the field; anything else is a bug (500). */
  const change = (reply: FastifyReply, apply: () => void): boolean => {
    try {
      apply();
      return true;
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      void reply.code(error.status).send({ error: error.message, field: error.field });
      return false;
    }
  };

  app.get('/api/openapi.json', async () => openApiDocument(ctx.version ?? '0.0.0'));

  route('GET', '/api/state', 'read', async (_q, reply) => live(reply) ?? reply);
  route('GET', '/api/site', 'read', async (_q, reply) => {
    const state = live(reply);
    return state ? siteView(state) : reply;
  });
  route('GET', '/api/devices', 'read', async () => ctx.live()?.devices ?? []);
  route('GET', '/api/devices/:id', 'read', async (request, reply) => {
    const { id } = request.params as { id: string };
    const device = ctx.live()?.devices.find((d) => d.id === id);
    return device ?? reply.code(404).send({ error: `no device "${id}"`, field: 'id' });
  });
  route('GET', '/api/reading', 'read', async (_q, reply) => {
    return ctx.reading() ?? reply.code(404).send({ error: 'no telegram yet', field: null });
  });
  route('GET', '/api/events', 'read', async (request, reply) => {
    const query = parse(eventsQuerySchema, request.query, 'query', reply);
    if (!query) return reply;
    return { events: ctx.events.list(query) };
  });
  route('GET', '/api/history', 'read', async (request, reply) => {
    const query = parse(historyQuerySchema, request.query, 'query', reply);
    const store = query && history(reply);
    if (!query || !store) return reply;
    const toMs = query.toMs ?? Date.now();
    const fromMs = query.fromMs ?? toMs - Math.min(DAY_MS, MAX_SPAN_MS[query.resolution]);
    // Bounded spans: a query runs on the control loop's thread, so a fine resolution over a long
    // span (a year of minutes) would hold the next cycle up; coarser buckets answer those.
    if (toMs - fromMs > MAX_SPAN_MS[query.resolution]) {
      const days = MAX_SPAN_MS[query.resolution] / DAY_MS;
      return reply.code(400).send({
        error: `query: ${query.resolution} buckets cover at most ${days} days per request; ask for a coarser resolution`,
        field: 'resolution',
      });
    }
    return { resolution: query.resolution, points: store.history(query.resolution, fromMs, toMs) };
  });
  route('GET', '/api/sessions', 'read', async (request, reply) => {
    const query = parse(rangeQuerySchema, request.query, 'query', reply);
    const store = query && history(reply);
    if (!query || !store) return reply;
    return { sessions: store.sessions(query.fromMs ?? 0, query.toMs ?? Date.now()) };
  });
  route('GET', '/api/export/:file', 'read', async (request, reply) => {
    const { file } = request.params as { file: string };
    const kind = EXPORTS.find((k) => file === `${k}.csv`);
    if (!kind)
      return reply
        .code(404)
        .send({ error: `no export "${file}" (${EXPORTS.join(', ')}).csv`, field: 'kind' });
    const query = parse(historyQuerySchema, request.query, 'query', reply);
    const store = query && history(reply);
    if (!query || !store) return reply;
    const { resolution, fromMs, toMs } = query;
    const range = { ...(fromMs !== undefined ? { fromMs } : {}), ...(toMs !== undefined ? { toMs } : {}) };
    // The store reads in pages and holds no cursor between them: the loop keeps writing meanwhile.
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="ampshare-${kind}.csv"`)
      .send(Readable.from(store.csv(kind, { resolution, ...range })));
  });
  route('GET', '/metrics', 'read', async (_q, reply) => {
    return reply.type(ctx.metrics.contentType).send(await ctx.metrics.text());
  });

  route('PATCH', '/api/devices/:id', 'write', async (request, reply) => {
    const { id } = request.params as { id: string };
    const body = parse(deviceChangeSchema, request.body, 'body', reply);
    if (!body || !change(reply, () => ctx.commands.setDevice(id, body, 'api'))) return reply;
    return deviceAfterChange(ctx, id);
  });
  route('PATCH', '/api/site', 'write', async (request, reply) => {
    const body = parse(siteChangeSchema, request.body, 'body', reply);
    if (!body || !change(reply, () => ctx.commands.setSite(body, 'api'))) return reply;
    const state = ctx.live();
    const margin = { marginA: ctx.siteModel().site.marginA };
    return state ? { ...siteView(state), site: { ...state.site, ...margin } } : { site: margin };
  });
}

/**
 * The device as the next cycle sees it: its settings from the model now, its live values from the
 * last cycle (a setpoint follows within a cycle; the WebSocket says so).
 */
function deviceAfterChange(ctx: RoutesContext, id: string): object {
  const config = ctx.siteModel().devices.find((d) => d.id === id);
  const live = ctx.live()?.devices.find((d) => d.id === id);
  if (!config) return live ?? {};
  const settings = {
    mode: config.mode,
    priority: config.priority,
    ...(config.kind === 'charger' ? { maxA: config.maxA } : {}),
  };
  return { ...live, ...settings };
}
