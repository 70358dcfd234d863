// The `server:` section: where the HTTP API, the WebSocket feed, the dashboard and /metrics listen.
// Loopback by default; any other address needs a token, because every write changes what the
// controller does with the site's fuses (docs/api.md "Security").
import { isIP } from 'node:net';
import { z } from 'zod';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
}

export const serverConfigSchema = z
  .strictObject({
    /** false: no API, dashboard or metrics. */
    enabled: z.boolean().default(true),
    port: z.number().int().min(0).max(65535).default(7070),
    host: z.string().min(1).default('127.0.0.1'),
    /** Bearer token for the API and the dashboard; required to listen beyond loopback. */
    token: z.string().min(16, 'a token has at least 16 characters').optional(),
    /** With a token: reads (GET, the WebSocket, /metrics) need none; writes still do. */
    publicRead: z.boolean().default(false),
  })
  .superRefine((s, ctx) => {
    if (s.enabled && !isLoopback(s.host) && s.token === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['host'],
        message: `listening on ${s.host} (beyond this machine) needs server.token: anyone who reaches the port could change the limits`,
      });
    }
  });

export type ServerConfig = z.output<typeof serverConfigSchema>;
