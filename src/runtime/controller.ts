// The composition root of `ampshare run`: creates every part in a known order and stops them in
// reverse (STYLE: zigbee2mqtt).
//   start: event bus → notifications → OCPP central system → device drivers → control loop →
//          run-time settings → HTTP server → MQTT → meter reader
//   stop:  meter reader → control loop → (fail-safe on every device) → MQTT → HTTP server →
//          drivers → central system → notifications (the shutdown's own events still go out)
// The world comes in through the options (clock, logger, how to reach the meter), so tests run
// the real thing against loopback peers and a fake clock.
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { DeviceDriver, DriverContext } from '../devices/driver.js';
import { createDriver } from '../devices/registry.js';
import { createP1Decoder } from '../meters/dsmr/index.js';
import {
  createSource,
  P1Reader,
  type ByteSource,
  type P1ReaderEvent,
  type SourceContext,
  type SourceSpec,
} from '../meters/sources/index.js';
import { Notifier } from '../notify/notifier.js';
import { Csms } from '../protocols/ocpp/csms.js';
import type { ApiServer } from '../server/app.js';
import type { HistoryStore } from '../store/history.js';
import { systemClock, type Clock } from './clock.js';
import type { RunConfig } from './config-schema.js';
import { EventBus } from './events.js';
import { silentLogger, type Logger } from './log.js';
import { ControlLoop } from './loop.js';
import { openHistory, startFrontends } from './services.js';
import { Settings } from './settings.js';
import { failsafeAll, type ShutdownReport } from './shutdown.js';

export type { ShutdownReport } from './shutdown.js';

export interface ControllerOptions {
  config: RunConfig;
  clock?: Clock;
  log?: Logger;
  bus?: EventBus;
  /** How the meter's bytes are reached; default createSource (serial, TCP, HTTP, file). */
  openMeter?: (spec: SourceSpec, context: SourceContext) => ByteSource;
  /** Monotonic time for the cycle budget; default performance.now. */
  elapsedMs?: () => number;
  /**
   * More of the world for drivers that need it, added to every driver's context: the simulator
   * passes its plant here (`{ sim }`) for the `sim` driver, as `ocpp` is passed for the OCPP driver.
   */
  driverContext?: Record<string, unknown>;
  /** PV production now (W), for the live state, when something knows it (the demo's world). */
  pvW?: () => number | null;
  /** The built dashboard's folder; default dist/web of this package. */
  webDir?: string;
}

export class Controller {
  readonly bus: EventBus;
  readonly #log: Logger;
  readonly #stops: (() => Promise<void>)[] = [];
  #csms: Csms | null = null;
  #ocppPort: number | null = null;
  #drivers: DeviceDriver[] = [];
  #loop: ControlLoop | null = null;
  #settings: Settings | null = null;
  #server: ApiServer | null = null;
  #store: HistoryStore | null = null;
  #reader: P1Reader | null = null;
  #stopping: Promise<ShutdownReport | null> | null = null;

  private constructor(private readonly options: ControllerOptions) {
    this.bus = options.bus ?? new EventBus();
    this.#log = options.log ?? silentLogger;
  }

  /** Starts everything; on a failure, stops what had started (in reverse) and rethrows. */
  static async start(options: ControllerOptions): Promise<Controller> {
    const controller = new Controller(options);
    try {
      await controller.#start();
    } catch (error) {
      await controller.#closeAll();
      controller.#closeStore();
      throw error;
    }
    return controller;
  }

  /** The port the central system listens on (useful with `port: 0`), or null without `ocpp:`. */
  get ocppPort(): number | null {
    return this.#ocppPort;
  }

  get loop(): ControlLoop {
    if (!this.#loop) throw new Error('controller not started');
    return this.#loop;
  }

  get csms(): Csms | null {
    return this.#csms;
  }

  /** Run-time changes (the API's and MQTT's way in). */
  get settings(): Settings {
    if (!this.#settings) throw new Error('controller not started');
    return this.#settings;
  }

  /** Where the API and dashboard listen (useful with `server.port: 0`), or null when disabled. */
  get httpPort(): number | null {
    return this.#server?.port ?? null;
  }

  get httpUrl(): string | null {
    return this.#server?.url ?? null;
  }

  async #start(): Promise<void> {
    const { config } = this.options;
    const clock = this.options.clock ?? systemClock;
    const emit = (event: Parameters<EventBus['emit']>[0]): void => this.bus.emit(event);

    // The history first, so it records everything from the start; closed after controller.stopped.
    this.#store = openHistory(config, this.bus, clock, this.#log);

    // First to start, last to stop: the shutdown's own events (fail-safe confirmed) still go out.
    if (config.notify) {
      const notifier = Notifier.start({ config: config.notify, bus: this.bus, clock, log: this.#log });
      this.#stops.push(() => notifier.stop());
    }

    if (config.ocpp) {
      const csms = new Csms(config.ocpp, { log: this.#log, emit, clock });
      this.#csms = csms;
      this.#ocppPort = config.tls ? await this.#listenTls(csms) : await csms.listen();
      // Closed before the TLS server: it drops the stations' upgraded sockets the server waits on.
      this.#stops.push(() => csms.close());
    }

    const driverContext: DriverContext = {
      ...this.options.driverContext,
      log: this.#log,
      emit,
      clock,
      ...(this.#csms ? { ocpp: this.#csms } : {}),
    };
    for (const device of config.devices) {
      const driver = createDriver(device.driver, device.id, device.driverConfig, driverContext);
      this.#drivers.push(driver);
      this.#stops.push(() => driver.close());
    }

    // The reader is made here (it does nothing until started) so the loop can name the meter.
    const { meter } = config;
    const openMeter = this.options.openMeter ?? createSource;
    const source = openMeter(meter.source, {
      createDecoder: () => createP1Decoder(meter.decoder),
      encrypted: meter.decoder.key !== undefined,
      clock,
    });
    const reader = new P1Reader({ source, decoder: createP1Decoder(meter.decoder), clock });

    const loop = new ControlLoop({
      site: config.site,
      devices: config.devices.map((d, i) => ({
        id: d.id,
        driver: this.#drivers[i]!,
        autoPhases: d.autoPhases,
      })),
      clock,
      bus: this.bus,
      log: this.#log,
      cycleBudgetMs: config.controller.cycleBudgetMs,
      meterName: reader.description,
      ...(this.options.elapsedMs ? { elapsedMs: this.options.elapsedMs } : {}),
      ...(this.options.pvW ? { pvW: this.options.pvW } : {}),
    });
    this.#loop = loop;
    this.#stops.push(async () => loop.stop());

    const settings = new Settings({
      model: loop,
      configured: config.site,
      dataDir: config.dataDir,
      bus: this.bus,
      log: this.#log,
    });
    settings.restore();
    this.#settings = settings;
    loop.start();

    const { server } = await startFrontends(
      {
        config,
        bus: this.bus,
        loop,
        settings,
        store: this.#store,
        log: this.#log,
        ...(this.options.webDir ? { webDir: this.options.webDir } : {}),
      },
      this.#stops,
    );
    this.#server = server;

    this.#reader = reader;
    this.#stops.push(() => reader.stop());
    reader.on((event) => this.#onMeter(event));
    reader.start();
    this.bus.emit({
      type: 'controller.started',
      meter: reader.description,
      ocppPort: this.#ocppPort,
      httpUrl: this.#server?.url ?? null,
      devices: config.devices.map((d) => d.id),
    });
  }

  #onMeter(event: P1ReaderEvent): void {
    switch (event.type) {
      case 'reading':
        this.#loop?.reading(event.reading);
        return;
      case 'error': {
        const { kind, offset, message } = event.error;
        this.bus.emit({ type: 'meter.error', message: `${kind} error at byte ${offset}: ${message}` });
        return;
      }
      case 'status':
        this.bus.emit({ type: 'meter.status', state: event.status.state, message: event.message });
        return;
      case 'silent':
      case 'recovered':
        this.bus.emit({ type: 'meter.status', state: event.type, message: event.message });
        return;
      case 'end':
        return;
    }
  }

  /** Security profile 2: an HTTPS server of our own, whose WebSocket upgrades go to the CSMS. */
  async #listenTls(csms: Csms): Promise<number> {
    const { ocpp, tls } = this.options.config;
    if (!ocpp || !tls) throw new Error('TLS needs the ocpp section');
    const server: HttpsServer = createHttpsServer({ cert: tls.cert, key: tls.key });
    csms.attach(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ocpp.port, ocpp.host, () => resolve());
    });
    this.#stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    return (server.address() as AddressInfo).port;
  }

  /**
   * SIGTERM: no more cycles, every device that can to its fail-safe current (confirmed by the
   * device, or timed out), then everything closed in reverse order. Idempotent.
   */
  shutdown(reason: string): Promise<ShutdownReport | null> {
    this.#stopping ??= this.#shutdown(reason, true);
    return this.#stopping;
  }

  /** Stops without touching the devices (their profiles run out to fail-safe on their own). */
  stop(): Promise<ShutdownReport | null> {
    this.#stopping ??= this.#shutdown('stop', false);
    return this.#stopping;
  }

  async #shutdown(reason: string, failsafe: boolean): Promise<ShutdownReport | null> {
    this.bus.emit({ type: 'controller.stopping', reason });
    this.#loop?.stop();
    await this.#reader?.stop().catch(() => undefined);
    const report = failsafe
      ? await failsafeAll(
          this.#drivers,
          this.bus,
          reason,
          this.options.config.controller.shutdownTimeoutS * 1000,
        )
      : null;
    await this.#closeAll();
    this.bus.emit({ type: 'controller.stopped' });
    this.#closeStore();
    return report;
  }

  /** Runs the stop functions newest first; a failing one is logged and the rest still run. */
  async #closeAll(): Promise<void> {
    for (const stop of this.#stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        this.#log.warn('stopping a part failed', { error: String(error) });
      }
    }
  }

  /** The history is closed last, after controller.stopped (or a failed start) is on record. */
  #closeStore(): void {
    try {
      this.#store?.close();
    } catch (error) {
      this.#log.warn('closing the history failed', { error: String(error) });
    }
    this.#store = null;
  }
}
