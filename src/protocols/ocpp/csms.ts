// The OCPP central system: one ocpp-rpc server for 1.6 and 2.0.1 on one port, strict schema
// validation both ways, stations identified by URL path. It keeps every station's model across
// reconnects, configures stations after boot, and hands the device drivers one handle per
// controlled connector (connector-handle.ts).
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { RPCServer, type RPCServerClient } from './rpc-lib.js';
import { decideConnection } from './auth.js';
import { defaultCapabilities, withQuirks, type StationCapabilities } from './capabilities.js';
import type { CsmsConfig } from './config.js';
import { after, describe, OCPP_PROTOCOLS, type OcppContext, type OcppProtocol } from './context.js';
import { ConnectorHandle } from './connector-handle.js';
import { ConnectorLimiter, type LimiterSettings } from './limiter.js';
import { quirksFor } from './quirks.js';
import { createSession, type ProtocolAdapter, type Session } from './session.js';
import { Station, type StationChange } from './station.js';
import { adapterV16 } from './v16.js';
import { adapterV201 } from './v201.js';

/** A station's live parts: the model outlives connections; client and adapter belong to one. */
interface Entry {
  station: Station;
  client: RPCServerClient | null;
  adapter: ProtocolAdapter | null;
  handles: Map<number, ConnectorHandle>;
  bootWait: AbortController;
  configuring: Promise<void> | null;
}

export class DuplicateConnectorError extends Error {
  constructor(
    readonly stationId: string,
    readonly connectorId: number,
  ) {
    super(`OCPP station ${stationId} connector ${connectorId} is already controlled by another device`);
    this.name = 'DuplicateConnectorError';
  }
}

export class Csms {
  readonly #server: RPCServer;
  readonly #entries = new Map<string, Entry>();
  #nextTransactionId: number;

  constructor(
    readonly config: CsmsConfig,
    private readonly ctx: OcppContext,
  ) {
    this.#server = new RPCServer({
      protocols: [...OCPP_PROTOCOLS],
      strictMode: true,
      callTimeoutMs: config.callTimeoutS * 1000,
    });
    this.#server.auth((accept, reject, handshake) => {
      const decision = decideConnection(config, {
        identity: handshake.identity,
        offered: handshake.protocols,
        sentAuthorization: handshake.headers.authorization !== undefined,
        password: handshake.password,
        encrypted: Boolean((handshake.request.socket as Partial<TLSSocket>).encrypted),
      });
      if (decision.accept) return accept({}, decision.protocol);
      const remoteAddress = handshake.remoteAddress ?? null;
      ctx.log.warn('OCPP connection refused', {
        stationId: handshake.identity,
        remoteAddress,
        reason: decision.reason,
      });
      ctx.emit({
        type: 'ocpp.rejected',
        stationId: handshake.identity,
        remoteAddress,
        reason: decision.reason,
      });
      reject(decision.status, decision.reason);
    });
    this.#server.on('client', (client) => this.#onClient(client));
    this.#server.on('error', (error) => ctx.log.warn('OCPP server error', { error: describe(error) }));
    // Seconds since the epoch: 1.6 transaction ids stay unique across restarts (and fit an int32).
    this.#nextTransactionId = Math.floor(ctx.clock.now() / 1000) % 2_000_000_000;
  }

  /** Listens on its own plain HTTP server (security profiles 0 and 1); resolves to the bound port. */
  async listen(port = this.config.port, host = this.config.host): Promise<number> {
    const server = await this.#server.listen(port, host);
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  /** Serves WebSocket upgrades of a server the runtime owns: an https server for profile 2. */
  attach(server: HttpServer | HttpsServer): void {
    server.on('upgrade', this.#server.handleUpgrade);
  }

  /** The handle a device driver controls one connector (1.6) or EVSE (2.0.1) through. */
  connector(stationId: string, connectorId: number, settings: LimiterSettings): ConnectorHandle {
    const entry = this.#entry(stationId);
    if (entry.handles.has(connectorId)) throw new DuplicateConnectorError(stationId, connectorId);
    const limiter = new ConnectorLimiter(this.ctx, this.#port(entry, connectorId), settings);
    const handle = new ConnectorHandle(entry.station, connectorId, limiter, () => {
      limiter.close();
      entry.handles.delete(connectorId);
    });
    entry.handles.set(connectorId, handle);
    return handle;
  }

  /** The model of a station, or undefined when it never connected and nothing controls it. */
  station(stationId: string): Station | undefined {
    return this.#entries.get(stationId)?.station;
  }

  /** Fail-safe profiles on every controlled connector (SIGTERM); resolves when all answered or failed. */
  async failsafe(): Promise<{ connectors: number; failed: number }> {
    const handles = [...this.#entries.values()].flatMap((e) => [...e.handles.values()]);
    const results = await Promise.allSettled(handles.map((h) => h.failsafe()));
    return { connectors: handles.length, failed: results.filter((r) => r.status === 'rejected').length };
  }

  async close(): Promise<void> {
    for (const entry of this.#entries.values()) {
      entry.bootWait.abort();
      for (const handle of entry.handles.values()) handle.release();
    }
    await this.#server.close({ force: true });
  }

  #entry(stationId: string): Entry {
    let entry = this.#entries.get(stationId);
    if (!entry) {
      const station = new Station(stationId);
      const created: Entry = {
        station,
        client: null,
        adapter: null,
        handles: new Map(),
        bootWait: new AbortController(),
        configuring: null,
      };
      station.listen((change) => this.#changed(created, change));
      this.#entries.set(stationId, created);
      entry = created;
    }
    return entry;
  }

  /**
   * Reactions run after the message that caused them has been answered: a TxProfile must not
   * overtake the StartTransaction.conf that tells the station its transaction id.
   */
  #changed(entry: Entry, change: StationChange): void {
    setImmediate(() => this.#dispatch(entry, change));
  }

  #dispatch(entry: Entry, change: StationChange): void {
    const affected =
      'connectorId' in change
        ? [entry.handles.get(change.connectorId)].filter((h) => h !== undefined)
        : [...entry.handles.values()];
    for (const handle of affected) handle.changed(change);
  }

  #port(entry: Entry, connectorId: number) {
    const { station } = entry;
    return {
      stationId: station.id,
      connectorId,
      ready: () => station.connected && station.configured && entry.adapter !== null,
      transactionId: () => station.connectors.get(connectorId)?.transactionId ?? null,
      units: () => ({
        rateUnit: station.capabilities.rateUnit,
        stackLevel: station.capabilities.stackLevel,
        txDefaultOnly: this.#quirks(station).txDefaultOnly ?? false,
      }),
      send: async (...args: Parameters<ProtocolAdapter['setChargingProfile']>) => {
        const adapter = entry.adapter;
        if (!adapter) throw new Error(`OCPP station ${station.id} is not connected`);
        return adapter.setChargingProfile(...args);
      },
    };
  }

  #quirks(station: Station) {
    return quirksFor(
      station.info?.vendor ?? null,
      station.info?.model ?? null,
      this.config.stations[station.id]?.quirks,
    );
  }

  #onClient(client: RPCServerClient): void {
    const entry = this.#entry(client.identity);
    const { station } = entry;
    const protocol = client.protocol as OcppProtocol;
    // A station that reconnects before its old socket timed out: the new connection wins.
    if (entry.client) void entry.client.close({ force: true });
    entry.client = client;
    entry.adapter = (protocol === 'ocpp1.6' ? adapterV16 : adapterV201)(this.#session(entry, client));

    client.on('strictValidationFailure', (e) => {
      if (e.outbound) {
        this.ctx.log.warn('ampshare built an invalid OCPP message', {
          stationId: station.id,
          method: e.method,
          error: describe(e.error),
        });
        return;
      }
      // ocpp-rpc has already answered the station with a CALLERROR (strict mode).
      this.ctx.emit({
        type: 'ocpp.invalidMessage',
        stationId: station.id,
        method: e.method,
        error: describe(e.error),
      });
    });
    client.on('badMessage', (e) => {
      this.ctx.emit({
        type: 'ocpp.invalidMessage',
        stationId: station.id,
        method: null,
        error: describe(e.error),
      });
    });
    client.on('close', (e) => {
      if (entry.client !== client) return;
      entry.client = null;
      entry.adapter = null;
      entry.bootWait.abort();
      for (const handle of entry.handles.values()) handle.disconnected();
      station.setConnected(false, null);
      this.ctx.log.info('OCPP station disconnected', { stationId: station.id, code: e.code ?? null });
      this.ctx.emit({
        type: 'ocpp.disconnected',
        stationId: station.id,
        code: e.code ?? null,
        reason: e.reason ?? '',
      });
    });

    station.seen(this.ctx.clock.now());
    station.setConnected(true, protocol);
    this.ctx.log.info('OCPP station connected', { stationId: station.id, protocol });
    this.ctx.emit({ type: 'ocpp.connected', stationId: station.id, protocol });
    // Stations reconnecting to a restarted CSMS often send no BootNotification: configure anyway.
    entry.bootWait = new AbortController();
    after(this.ctx.clock, this.config.bootWaitS * 1000, entry.bootWait.signal, () => this.#configure(entry));
  }

  #session(entry: Entry, client: RPCServerClient): Session {
    return createSession({
      station: entry.station,
      client,
      config: this.config,
      ctx: this.ctx,
      onBoot: () => {
        entry.bootWait.abort();
        // After the BootNotification answer has gone out: the station may ignore calls before it.
        setImmediate(() => this.#configure(entry));
      },
      newTransactionId: () => (this.#nextTransactionId = (this.#nextTransactionId + 1) % 2_000_000_000),
    });
  }

  /** Reads capabilities and sets meter values; a station that fails this still gets limits (in A). */
  #configure(entry: Entry): void {
    const adapter = entry.adapter;
    if (!adapter || entry.configuring) return;
    const { station } = entry;
    entry.configuring = adapter
      .configure([...entry.handles.keys()])
      .catch((error: unknown): StationCapabilities => {
        this.ctx.log.warn('reading the station configuration failed; assuming amps and stack level 0', {
          stationId: station.id,
          error: describe(error),
        });
        return defaultCapabilities();
      })
      .then((capabilities) => {
        if (entry.adapter !== adapter) return;
        const caps = withQuirks(capabilities, this.#quirks(station));
        station.setConfigured(caps);
        if (caps.smartCharging === false) {
          this.ctx.log.warn('station does not report smart charging; limits may be refused', {
            stationId: station.id,
          });
        }
        this.ctx.emit({
          type: 'ocpp.configured',
          stationId: station.id,
          rateUnit: caps.rateUnit,
          stackLevel: caps.stackLevel,
          smartCharging: caps.smartCharging,
        });
      })
      .catch((error: unknown) => {
        this.ctx.log.warn('configuring the station failed', {
          stationId: station.id,
          error: describe(error),
        });
      })
      .finally(() => {
        entry.configuring = null;
      });
  }
}
