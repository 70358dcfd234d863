// What the controller offers beyond control: the history store, and the front ends that read the
// live state and send run-time changes (the HTTP server with its dashboard, the MQTT bridge). They
// listen on the bus and go through Commands; none of them touches the control loop's state.
// The server (fastify, prom-client) and the MQTT bridge (mqtt) are loaded only when configured:
// their libraries are a good part of the daemon's memory (docs/running.md, "Memory").
import type { ApiServer } from '../server/app.js';
import { HistoryStore } from '../store/history.js';
import type { Clock } from './clock.js';
import type { RunConfig } from './config-schema.js';
import type { EventBus } from './events.js';
import type { Logger } from './log.js';
import type { ControlLoop } from './loop.js';
import type { Settings } from './settings.js';

/** The history store attached to the bus, or null without a data directory (or with history off). */
export function openHistory(
  config: RunConfig,
  bus: EventBus,
  clock: Clock,
  log: Logger,
): HistoryStore | null {
  if (config.dataDir === null || !config.history.enabled) return null;
  const store = HistoryStore.open({
    dataDir: config.dataDir,
    config: config.history,
    timezone: config.site.site.timezone,
    clock,
    log,
  });
  store.attach(bus);
  return store;
}

export interface FrontendContext {
  config: RunConfig;
  bus: EventBus;
  loop: ControlLoop;
  settings: Settings;
  store: HistoryStore | null;
  log: Logger;
  webDir?: string;
}

/** Starts what the configuration asks for; each started part's stop is added to `stops`. */
export async function startFrontends(
  ctx: FrontendContext,
  stops: (() => Promise<void>)[],
): Promise<{ server: ApiServer | null }> {
  const { config, bus, loop, settings, log } = ctx;
  let server: ApiServer | null = null;
  if (config.server) {
    const { startServer } = await import('../server/app.js');
    const started = await startServer({
      config: config.server,
      bus,
      live: () => loop.live,
      reading: () => loop.lastReading,
      commands: settings,
      siteModel: () => loop.site,
      history: ctx.store,
      log,
      ...(ctx.webDir ? { webDir: ctx.webDir } : {}),
    });
    server = started;
    stops.push(() => started.close());
  }
  if (config.mqtt) {
    const { MqttBridge } = await import('../protocols/mqtt/bridge.js');
    const bridge = await MqttBridge.start({
      config: config.mqtt,
      bus,
      commands: settings,
      devices: config.site.devices.map((d) =>
        d.kind === 'charger'
          ? { id: d.id, kind: d.kind, minA: d.minA, maxA: d.maxA, stepA: d.stepA }
          : { id: d.id, kind: d.kind, minA: null, maxA: null },
      ),
      log,
    });
    stops.push(() => bridge.stop());
  }
  return { server };
}
