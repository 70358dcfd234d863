// The OpenAPI 3.1 document, generated from the zod schemas the server validates with (zod's
// toJSONSchema, JSON Schema 2020-12, which OpenAPI 3.1 uses as its schema dialect).
import { z } from 'zod';
import {
  deviceChangeSchema,
  errorSchema,
  eventsQuerySchema,
  historyPointSchema,
  historyQuerySchema,
  liveDeviceSchema,
  liveStateSchema,
  rangeQuerySchema,
  sessionSchema,
  siteChangeSchema,
  storedEventSchema,
} from './schemas.js';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

const content = (schema: z.ZodType) => ({ 'application/json': { schema: json(schema) } });
const ok = (description: string, schema: z.ZodType) => ({ description, content: content(schema) });
const error = (description: string) => ({ description, content: content(errorSchema) });

/** Query parameters from a zod object schema (each key one `in: query` parameter). */
function query(schema: z.ZodObject): object[] {
  const props = (json(schema, 'input') as { properties?: Record<string, object> }).properties ?? {};
  return Object.entries(props)
    .filter(([name]) => name !== 'token')
    .map(([name, s]) => ({ name, in: 'query', required: false, schema: s }));
}

const deviceId = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const csv = { description: 'CSV with a header row', content: { 'text/csv': { schema: { type: 'string' } } } };

export function openApiDocument(version: string): object {
  const site = z.object({
    site: liveStateSchema.shape.site,
    circuits: liveStateSchema.shape.circuits,
    quarterHour: liveStateSchema.shape.quarterHour,
    monthPeakW: liveStateSchema.shape.monthPeakW,
    failsafe: liveStateSchema.shape.failsafe,
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'ampshare',
      version,
      description:
        'Live state, run-time settings, history and events of an ampshare controller. ' +
        'WebSocket feed: GET /api/live (one {type:"state"} message per cycle, {type:"event"} per event).',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{}, { bearer: [] }],
    paths: {
      '/api/state': {
        get: {
          summary: 'The whole live state after the last cycle',
          responses: { 200: ok('LiveState', liveStateSchema), 503: error('No cycle yet') },
        },
      },
      '/api/site': {
        get: {
          summary: 'Site, circuits (per phase: current, limit, headroom), quarter hour',
          responses: { 200: ok('The site', site), 503: error('No cycle yet') },
        },
        patch: {
          summary: 'Change the site limit, margin or quarter-hour target (validated, persisted, recorded)',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: json(siteChangeSchema, 'input') } },
          },
          responses: {
            200: ok('The site after the change', site),
            400: error('Invalid change'),
            401: error('Token needed'),
          },
        },
      },
      '/api/devices': {
        get: { summary: 'Every device', responses: { 200: ok('Devices', z.array(liveDeviceSchema)) } },
      },
      '/api/devices/{id}': {
        get: {
          summary: 'One device',
          parameters: [deviceId],
          responses: { 200: ok('The device', liveDeviceSchema), 404: error('No such device') },
        },
        patch: {
          summary: "Change a device's mode, priority or maxA (validated, persisted, recorded)",
          parameters: [deviceId],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: json(deviceChangeSchema, 'input') } },
          },
          responses: {
            200: ok('The device after the change', liveDeviceSchema),
            400: error('Invalid change'),
            401: error('Token needed'),
            404: error('No such device'),
          },
        },
      },
      '/api/reading': {
        get: {
          summary: 'The latest decoded telegram (contract 1 Reading)',
          responses: {
            200: { description: 'Reading', content: { 'application/json': { schema: { type: 'object' } } } },
            404: error('No telegram yet'),
          },
        },
      },
      '/api/events': {
        get: {
          summary: 'Events, newest first',
          parameters: query(eventsQuerySchema),
          responses: { 200: ok('Events', z.object({ events: z.array(storedEventSchema) })) },
        },
      },
      '/api/history': {
        get: {
          summary: 'Site state by resolution',
          parameters: query(historyQuerySchema),
          responses: {
            200: ok(
              'History',
              z.object({
                resolution: historyQuerySchema.shape.resolution,
                points: z.array(historyPointSchema),
              }),
            ),
            503: error('No history store'),
          },
        },
      },
      '/api/sessions': {
        get: {
          summary: 'Charging sessions',
          parameters: query(rangeQuerySchema),
          responses: {
            200: ok('Sessions', z.object({ sessions: z.array(sessionSchema) })),
            503: error('No history store'),
          },
        },
      },
      '/api/export/{kind}.csv': {
        get: {
          summary: 'CSV export',
          parameters: [
            { name: 'kind', in: 'path', required: true, schema: { enum: ['samples', 'sessions', 'events'] } },
            ...query(historyQuerySchema),
          ],
          responses: { 200: csv, 503: error('No history store') },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          responses: {
            200: {
              description: 'Prometheus text exposition',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
          },
        },
      },
    },
  };
}
