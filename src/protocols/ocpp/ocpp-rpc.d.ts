// The subset of ocpp-rpc (2.x) that ampshare uses, typed precisely. ocpp-rpc 2.2 ships its own
// index.d.ts, but there every RPCClient option is mandatory, call() results and events are untyped
// and the server-side client class is not exported. An ambient module declaration takes precedence
// over the package's own, so this file is what the compiler sees. Runtime: named imports work for
// RPCServer, RPCClient and createRPCError only (the rest is spread into module.exports).
declare module 'ocpp-rpc' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingHttpHeaders, IncomingMessage, Server } from 'node:http';
  import type { Duplex } from 'node:stream';

  export interface HandlerArgs {
    method: string;
    params: unknown;
    messageId: string;
    /** Aborts when the connection drops: the answer would never arrive. */
    signal: AbortSignal;
    reply(value: unknown): void;
  }
  /** Returns (or resolves to) the CALLRESULT payload; throwing sends a CALLERROR. */
  export type Handler = (args: HandlerArgs) => unknown;

  export interface CallOptions {
    callTimeoutMs?: number;
    signal?: AbortSignal;
    noReply?: boolean;
  }

  export interface CloseOptions {
    code?: number;
    reason?: string;
    awaitPending?: boolean;
    force?: boolean;
  }

  export interface CommonOptions {
    protocols?: string[];
    /** Validate calls and results against the subprotocol's JSON schemas, both directions. */
    strictMode?: boolean | string[];
    callTimeoutMs?: number;
    pingIntervalMs?: number;
    /** Outbound calls in flight at once per connection; more are queued. Default 1. */
    callConcurrency?: number;
    maxBadMessages?: number;
    respondWithDetailedErrors?: boolean;
  }

  export interface ClientOptions extends CommonOptions {
    identity: string;
    endpoint: string;
    password?: string | Buffer;
    reconnect?: boolean;
    /** Passed to the `ws` WebSocket: TLS options (ca, rejectUnauthorized, minVersion). */
    wsOpts?: Record<string, unknown>;
    headers?: Record<string, string>;
  }

  export interface StrictValidationFailure {
    error: Error;
    messageId: string;
    method: string;
    params: unknown;
    result: unknown;
    outbound: boolean;
    isCall: boolean;
  }

  export interface BadMessage {
    buffer: Buffer | string;
    error: Error;
    response: unknown;
  }

  export class RPCClient extends EventEmitter {
    constructor(options: ClientOptions);
    readonly identity: string;
    /** The subprotocol agreed in the handshake. */
    readonly protocol: string | undefined;
    /** 0 connecting, 1 open, 2 closing, 3 closed. */
    readonly state: number;
    connect(): Promise<unknown>;
    call(method: string, params?: unknown, options?: CallOptions): Promise<unknown>;
    handle(method: string, handler: Handler): void;
    handle(handler: Handler): void;
    sendRaw(message: string): void;
    close(options?: CloseOptions): Promise<{ code?: number; reason?: string } | undefined>;
    on(event: 'strictValidationFailure', listener: (event: StrictValidationFailure) => void): this;
    on(event: 'badMessage', listener: (event: BadMessage) => void): this;
    on(event: 'close' | 'disconnect', listener: (event: { code?: number; reason?: string }) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export interface Handshake {
    /** The last path segment of the URL, decoded: the station identity. */
    identity: string;
    endpoint: string;
    /** The basic-auth password, only when the basic-auth username equals the identity. */
    password: Buffer | undefined;
    /** Subprotocols the station offered. */
    protocols: Set<string>;
    headers: IncomingHttpHeaders;
    remoteAddress: string | undefined;
    request: IncomingMessage;
    query: URLSearchParams;
  }

  /** The server's side of one station connection (a subclass of RPCClient, not exported at run time). */
  export interface RPCServerClient extends RPCClient {
    readonly handshake: Handshake;
    readonly session: Record<string, unknown>;
  }

  export type Accept = (session?: Record<string, unknown>, protocol?: string) => void;
  export type Reject = (code?: number, message?: string) => void;

  export class RPCServer extends EventEmitter {
    constructor(options?: CommonOptions);
    auth(callback: (accept: Accept, reject: Reject, handshake: Handshake, signal: AbortSignal) => void): void;
    /** Bound to the instance: pass it to an http(s) server's 'upgrade' event. */
    readonly handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
    listen(port?: number, host?: string, options?: { signal?: AbortSignal }): Promise<Server>;
    close(options?: CloseOptions): Promise<void>;
    on(event: 'client', listener: (client: RPCServerClient) => void): this;
    on(event: 'upgradeAborted', listener: (event: { error: Error; identity: string }) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export function createRPCError(
    type: string,
    message?: string,
    details?: Record<string, unknown>,
  ): Error & { rpcErrorCode: string };
}
