// Who may read and who may write (docs/api.md "Security"):
//   - a configured token is required for every write, and for reads unless publicRead;
//   - without a token (loopback only, enforced by the config schema) a write must still come as
//     JSON from this machine's own names: a web page elsewhere cannot send application/json
//     cross-origin without a CORS preflight (which this server never grants), and a Host header
//     that is not a loopback name is refused, so a DNS-rebinding page cannot reach the API either.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLoopback, type ServerConfig } from './config.js';

export type Access = 'read' | 'write';

function presented(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const token = (request.query as Record<string, unknown> | undefined)?.['token'];
  return typeof token === 'string' ? token : null;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function hostName(host: string | undefined): string {
  if (!host) return '';
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  return host.replace(/:\d+$/, '');
}

/** null when allowed; else the status and the message to answer with. */
export function denied(
  config: ServerConfig,
  request: FastifyRequest,
  access: Access,
): { status: 401 | 403 | 415; error: string } | null {
  if (config.token === undefined) {
    if (!isLoopback(hostName(request.headers.host)))
      return {
        status: 403,
        error: `Host "${request.headers.host ?? ''}" is not this machine (DNS rebinding?)`,
      };
    if (access === 'write' && !String(request.headers['content-type'] ?? '').startsWith('application/json'))
      return { status: 415, error: 'writes are JSON (Content-Type: application/json)' };
    return null;
  }
  if (access === 'read' && config.publicRead) return null;
  const token = presented(request);
  if (token !== null && same(token, config.token)) return null;
  return {
    status: 401,
    error: token === null ? 'a token is required (Authorization: Bearer …)' : 'wrong token',
  };
}

export async function guard(
  config: ServerConfig,
  request: FastifyRequest,
  reply: FastifyReply,
  access: Access,
): Promise<boolean> {
  const no = denied(config, request, access);
  if (!no) return true;
  if (no.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="ampshare"');
  await reply.code(no.status).send({ error: no.error, field: null });
  return false;
}
