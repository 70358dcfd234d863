// Who may connect: a pure decision on the WebSocket handshake, so every rule is tested as a table.
// OCPP-J: the station identity is the last URL path segment (OCPP-J 1.6 §3.1.1, 2.0.1 Part 4
// "connection URL"). Security profile 1 is HTTP basic auth with the identity as username; profile 2
// adds TLS on the server side (1.6 Security Whitepaper, 2.0.1 Part 2 A00 "Security profiles").
import { timingSafeEqual } from 'node:crypto';
import type { CsmsConfig } from './config.js';
import { OCPP_PROTOCOLS, type OcppProtocol } from './context.js';

export interface HandshakeFacts {
  identity: string;
  /** Subprotocols the station offered, in its order. */
  offered: ReadonlySet<string>;
  /** The Authorization header was present. */
  sentAuthorization: boolean;
  /** The password, present only when the basic-auth username equals the identity (ocpp-rpc parses it). */
  password: Buffer | undefined;
  /** The connection arrived over TLS. */
  encrypted: boolean;
}

export type AuthDecision =
  { accept: true; protocol: OcppProtocol } | { accept: false; status: number; reason: string };

export function decideConnection(config: CsmsConfig, facts: HandshakeFacts): AuthDecision {
  // Our preference order when a station offers both: the newer protocol.
  const protocol = [...OCPP_PROTOCOLS].reverse().find((p) => facts.offered.has(p));
  if (!protocol) {
    const offered = [...facts.offered].join(', ') || 'none';
    return { accept: false, status: 400, reason: `no supported subprotocol (offered: ${offered})` };
  }
  if (config.securityProfile === 2 && !facts.encrypted) {
    return { accept: false, status: 403, reason: 'security profile 2 requires TLS' };
  }
  const station = config.stations[facts.identity];
  if (!station && !(config.acceptUnknown && config.securityProfile === 0)) {
    return { accept: false, status: 404, reason: 'unknown station' };
  }
  // A username that is not the identity is refused even where no password is required: the
  // station is misconfigured, and accepting it would hide that.
  if (facts.sentAuthorization && facts.password === undefined) {
    return { accept: false, status: 401, reason: 'basic-auth username differs from the station identity' };
  }
  const expected = station?.password;
  if (config.securityProfile > 0 || expected !== undefined) {
    if (expected === undefined) return { accept: false, status: 401, reason: 'no password configured' };
    if (facts.password === undefined) return { accept: false, status: 401, reason: 'basic auth missing' };
    if (!samePassword(facts.password, expected)) {
      return { accept: false, status: 401, reason: 'wrong password' };
    }
  }
  return { accept: true, protocol };
}

function samePassword(given: Buffer, expected: string): boolean {
  const want = Buffer.from(expected, 'utf8');
  return given.length === want.length && timingSafeEqual(given, want);
}
