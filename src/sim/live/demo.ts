// `ampshare demo` (and `npm start`): the simulated house in real time through the real pipeline.
//   the world (world.ts) ─► its meter writes DSMR 5 telegrams ─► the controller's P1 reader and decoder
//   the controller ─► OCPP over loopback ─► two simulated stations (real ocpp-rpc clients) ─► their cars
//   the controller ─► the `sim` driver ─► the heat pump
// Nothing takes a shortcut: the controller is the one `ampshare run` starts, with this site's
// configuration, its own central system, and the demo's meter and heat pump handed in.
// Start: controller (central system on 127.0.0.1, any port) → stations dial it → the world ticks.
// Stop: the world → the controller (fail-safe profiles confirmed by the stations) → the stations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../model/clock.js';
import type { Logger } from '../../model/logger.js';
import { Controller } from '../../runtime/controller.js';
import type { EventBus } from '../../runtime/events.js';
import { silentLogger } from '../../runtime/log.js';
import { LiveMeter } from './meter.js';
import { DEMO_STATIONS, DEMO_TIMEZONE, DEMO_VOLTAGE_V, demoRunConfig } from './site.js';
import { SimStation } from './station.js';
import { LiveWorld } from './world.js';

export interface LiveDemoOptions {
  /** The dashboard's port; default 7070, 0 = any free port. */
  httpPort?: number;
  /** Where history and settings are kept; default a temporary directory removed on stop. */
  dataDir?: string;
  /** The seed of the household, the sun's clouds and the cars' comings and goings (default 1). */
  seed?: number;
  clock?: Clock;
  log?: Logger;
  bus?: EventBus;
  /** The built dashboard's folder (default dist/web of this package). */
  webDir?: string;
}

export interface LiveDemo {
  controller: Controller;
  /** The dashboard: "http://localhost:7070". */
  url: string;
  /** The central system's port on 127.0.0.1. */
  ocppPort: number;
  /** The simulated house: what it draws per phase, second by second. */
  world: LiveWorld;
  /** Its meter: the P1 source the controller reads. */
  meter: LiveMeter;
  stations: readonly SimStation[];
  /** Stops the world, the controller and the stations; resolves when nothing is left running. */
  stop(): Promise<void>;
}

export async function startLiveDemo(options: LiveDemoOptions = {}): Promise<LiveDemo> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLogger;
  const ownDir = options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'ampshare-demo-')) : null;
  const dataDir = options.dataDir ?? ownDir!;
  const removeOwnDir = (): void => {
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  };

  // Aborted on stop: ends the world's clock and any wait of the start.
  const ticking = new AbortController();
  let controller: Controller;
  let world: LiveWorld;
  let meter: LiveMeter;
  let stations: SimStation[];
  try {
    const config = demoRunConfig({ httpPort: options.httpPort ?? 7070, dataDir });
    stations = DEMO_STATIONS.map(
      (s) =>
        new SimStation({
          id: s.id,
          protocol: s.protocol,
          phases: s.phases,
          rotation: s.rotation,
          maxA: s.maxA,
          voltageV: DEMO_VOLTAGE_V,
          clock,
          log,
        }),
    );
    world = new LiveWorld({
      seed: options.seed ?? 1,
      startMs: clock.now(),
      timezone: DEMO_TIMEZONE,
      voltageV: DEMO_VOLTAGE_V,
      stations: stations.map((station, i) => ({ station, sitePhases: DEMO_STATIONS[i]!.sitePhases })),
    });
    // No telegram before the stations are on line (or 2 s have passed): until they are, the
    // controller must assume they draw what they like, and would say so.
    const stationsBooted = Promise.all(stations.map((s) => s.booted));
    meter = new LiveMeter({
      clock,
      measure: (nowMs) => world.advanceTo(nowMs).netW,
      voltageV: DEMO_VOLTAGE_V,
      timezone: DEMO_TIMEZONE,
      startAfter: Promise.race([stationsBooted, clock.sleep(2000, ticking.signal)]),
    });
    controller = await Controller.start({
      config,
      clock,
      log,
      ...(options.bus ? { bus: options.bus } : {}),
      openMeter: () => meter,
      driverContext: { sim: world },
      pvW: () => world.snapshot.pvW,
      ...(options.webDir ? { webDir: options.webDir } : {}),
    });
  } catch (error) {
    ticking.abort();
    removeOwnDir();
    throw error;
  }

  // The demo's configuration has `ocpp:` and `server:` sections: both are listening.
  const ocppPort = controller.ocppPort!;
  const url = controller.httpUrl!;
  for (const station of stations) station.start(`ws://127.0.0.1:${ocppPort}`);

  // The world also moves between telegrams' reads (the meter reads it too): the stations' cars,
  // arrivals and meter values go on at one step a second whatever the meter does.
  const ticker = (async () => {
    while (!ticking.signal.aborted) {
      world.advanceTo(clock.now());
      await clock.sleep(1000 - (clock.now() % 1000), ticking.signal);
    }
  })();

  let stopping: Promise<void> | null = null;
  return {
    controller,
    url,
    ocppPort,
    world,
    meter,
    stations,
    stop: () =>
      (stopping ??= (async () => {
        ticking.abort();
        await ticker;
        try {
          // A real shutdown: every station is sent its fail-safe profile and confirms it.
          await controller.shutdown('demo stopped');
        } finally {
          await Promise.all(stations.map((s) => s.stop()));
          removeOwnDir();
        }
      })()),
  };
}
