// A whole site over loopback for the controller's tests: the real controller (config loader, CSMS,
// drivers, control loop, TCP meter source), a real TCP "P1 dongle", and real OCPP stations whose
// cars draw what their profiles allow. Time is a FakeClock: a telegram per simulated second, and
// the meter's staleness or a profile's duration cost nothing to wait for.
import { FakeClock } from '../../protocols/ocpp/test-support/fake-clock.js';
import { Recorder } from '../../protocols/ocpp/test-support/harness.js';
import { parseRunConfig } from '../config.js';
import { Controller } from '../controller.js';
import { EventBus, type AmpshareEvent, type EventOf, type EventType } from '../events.js';
import { lineLogger } from '../log.js';
import { startMeterServer, telegram, type MeterServer } from './meter.js';
import { connectRigStation, type Protocol, type RigStation } from './stations.js';

/** Where the telegrams go when not to the TCP dongle: e.g. a serial pty (socat). */
export interface MeterLine {
  /** The `meter:` section, e.g. `meter: { serial: /dev/pts/5, baud: 115200 }`. */
  yaml: string;
  write(bytes: Buffer): void;
}

export interface SiteRig {
  clock: FakeClock;
  controller: Controller;
  meter: MeterServer;
  events: Recorder<AmpshareEvent>;
  logs: string[];
  stations: Record<string, RigStation>;
  /** The next event of this type (matching `match`) not taken yet; waits in real time. */
  event<K extends EventType>(type: K, match?: (e: EventOf<K>) => boolean): Promise<EventOf<K>>;
  /** From now on this station's car draws `currentA` whatever its limit (a station ignoring limits). */
  ignoreLimits(stationId: string, currentA: number): void;
  /** A simulated second: every car reports its draw, then one telegram of house + cars; resolves after its cycle. */
  feed(houseA: number): Promise<EventOf<'cycle.completed'>>;
  close(): Promise<void>;
}

const open: SiteRig[] = [];

/** Closes every rig the tests started (call it in afterEach). */
export async function closeSites(): Promise<void> {
  for (const rig of open.splice(0).reverse()) await rig.close();
}

/**
 * `yaml` is the run configuration without `meter:` (added here); its `ocpp:` section should listen
 * on port 0 at 127.0.0.1. Stations are connected, booted and in a session before this resolves.
 */
export async function startSite(
  yaml: string,
  stations: { id: string; protocol: Protocol; configuration?: Record<string, string> }[],
  line?: MeterLine,
  /** Keep the configuration's HTTP server and give it this data directory (the API's tests). */
  services?: { dataDir: string | null },
): Promise<SiteRig> {
  const clock = new FakeClock();
  const meter = await startMeterServer();
  const meterYaml = line?.yaml ?? `meter: { tcp: "127.0.0.1:${meter.port}" }`;
  // By default no HTTP server and no data directory: most of the rig's tests are about control.
  const parsed = parseRunConfig(`${meterYaml}\n${yaml}`, 'site-rig.yaml');
  const config = services
    ? { ...parsed, dataDir: services.dataDir }
    : { ...parsed, server: null, dataDir: null };
  const write = line ? (bytes: Buffer) => line.write(bytes) : (bytes: Buffer) => void meter.send(bytes);
  const events = new Recorder<AmpshareEvent>();
  const logs: string[] = [];
  const bus = new EventBus((error) => logs.push(`listener failed: ${String(error)}`));
  bus.onAny((e) => events.push(e));
  const controller = await Controller.start({
    config,
    clock,
    bus,
    log: lineLogger((l) => logs.push(l), { debug: true }),
  });
  const url = `ws://127.0.0.1:${controller.ocppPort}`;
  const connected: Record<string, RigStation> = {};
  const overrides = new Map<string, number>();
  const event = <K extends EventType>(type: K, match: (e: EventOf<K>) => boolean = () => true) =>
    events.take((e) => e.type === type && match(e as EventOf<K>), `event ${type}`) as Promise<EventOf<K>>;

  const rig: SiteRig = {
    clock,
    controller,
    meter,
    events,
    logs,
    stations: connected,
    event,
    ignoreLimits: (id, currentA) => void overrides.set(id, currentA),
    async feed(houseA) {
      await clock.advance(1000);
      let carsA = 0;
      for (const s of Object.values(connected)) {
        const drawA = overrides.get(s.id) ?? s.held.limitAt(clock.now()) ?? 0;
        await s.reportDraw(drawA, clock.now());
        carsA += drawA;
      }
      const cycle = event('cycle.completed', (e) => e.trigger === 'telegram');
      write(telegram(clock.now(), [houseA + carsA, houseA + carsA, houseA + carsA]));
      return cycle;
    },
    async close() {
      for (const s of Object.values(connected)) await s.close();
      await controller.stop();
      await meter.close();
    },
  };
  open.push(rig);
  for (const { id, protocol, configuration } of stations) {
    connected[id] = await connectRigStation(url, id, protocol, configuration);
    await event('ocpp.configured', (e) => e.stationId === id);
  }
  for (const s of Object.values(connected)) {
    await s.startTransaction(clock.now());
    // The session's first profile: fail-safe, before any setpoint.
    await s.take((p) => p.purpose === 'TxProfile', 'the session’s first TxProfile');
  }
  if (!line) await meter.connected();
  else await event('meter.status', (e) => e.state === 'connected');
  return rig;
}
