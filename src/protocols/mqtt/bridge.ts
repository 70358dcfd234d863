// The MQTT bridge: the live state out (one retained topic per value), events out (BASE/events),
// commands in (…/set → Commands), Home Assistant discovery from the one table (discovery.ts).
// It listens to the bus and calls Commands; nothing calls it back. Whatever arrives on a command
// topic is answered on BASE/error when it does not fit, and never thrown into MQTT.js.
import { readFile } from 'node:fs/promises';
import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import type { Logger } from '../../model/logger.js';
import type { LiveDevice, LiveState } from '../../model/live.js';
import type { Commands } from '../../runtime/commands.js';
import { describeEvent } from '../../runtime/event-log.js';
import type { AmpshareEvent, EventBus, EventType } from '../../runtime/events.js';
import type { MqttConfig } from './config.js';
import { applyCommand, commandSubscriptions, errorReport } from './commands-in.js';
import type { DeviceLimits } from './discovery.js';
import { buildEntities, safeId, topicNames, type Entity, type TopicNames } from './entities.js';
import { commandText, PayloadError } from './payloads.js';

export type MqttConnect = (url: string, options: IClientOptions) => MqttClient;

export interface MqttBridgeContext {
  config: MqttConfig;
  bus: EventBus;
  commands: Commands;
  /** The configured devices: their ids and limits (ranges of the number entities). */
  devices: readonly DeviceLimits[];
  log: Logger;
  /** Creates the client (tests hand in a spy); default MQTT.js's connect. */
  connect?: MqttConnect;
  /** Reported to Home Assistant as the origin's sw_version. */
  version?: string;
  /** Time stamps the events; default Date.now. */
  now?: () => number;
}

/** Per-cycle events (the state topics carry them) and each station's confirmation of each limit. */
const NOT_PUBLISHED: ReadonlySet<EventType> = new Set<EventType>([
  'cycle.completed',
  'state.updated',
  'ocpp.limitAccepted',
]);
/** Events kept while the broker is away, sent on reconnection; older ones are dropped. */
const MAX_PENDING_EVENTS = 100;
const STOP_TIMEOUT_MS = 2000;

export class MqttBridge {
  readonly #ctx: MqttBridgeContext;
  readonly #topics: TopicNames;
  readonly #limits: ReadonlyMap<string, DeviceLimits>;
  readonly #client: MqttClient;
  readonly #unlisten: (() => void)[] = [];
  #entities: Entity[] | null = null;
  #latest: LiveState | null = null;
  /** What each state topic carries now, as far as this connection knows. */
  readonly #published = new Map<string, string>();
  #lastFlushMs: number | null = null;
  #fullStateDue = true;
  #announced = false;
  #pendingEvents: string[] = [];
  #droppedEvents = 0;
  #failing = false;
  #stopped: Promise<void> | null = null;

  /** Creates the client and returns at once: a broker that is away must not hold the controller up. */
  static async start(ctx: MqttBridgeContext): Promise<MqttBridge> {
    const ca = ctx.config.caFile === undefined ? undefined : await readCa(ctx.config.caFile);
    return new MqttBridge(ctx, ca);
  }

  private constructor(ctx: MqttBridgeContext, ca: Buffer | undefined) {
    this.#ctx = ctx;
    this.#topics = topicNames(ctx.config);
    this.#limits = new Map(ctx.devices.map((d) => [d.id, d]));
    assertDistinctIds(ctx.devices);
    const { config } = ctx;
    const options: IClientOptions = {
      clientId: config.clientId,
      username: config.username,
      password: config.password,
      ...(ca ? { ca } : {}),
      clean: true,
      keepalive: config.keepaliveS,
      reconnectPeriod: Math.round(config.reconnectS * 1000),
      // A refusal (server unavailable while the broker starts, credentials) is retried at the same pace.
      reconnectOnConnackError: true,
      connectTimeout: 10_000,
      // Subscriptions are made again in the connect handler, with everything else a new session needs.
      resubscribe: false,
      queueQoSZero: false,
      will: { topic: this.#topics.status, payload: Buffer.from('offline'), qos: 1, retain: true },
    };
    this.#client = (ctx.connect ?? mqtt.connect)(config.url, options);
    this.#client.on('connect', () => this.#onConnect());
    this.#client.on('message', (topic, payload, packet) => this.#onMessage(topic, payload, packet));
    this.#client.on('error', (error) => this.#onError(error));
    this.#client.on('close', () => this.#onClose());
    this.#unlisten.push(
      ctx.bus.on('state.updated', (event) => this.#onState(event.state)),
      ctx.bus.onAny((event) => this.#onEvent(event)),
    );
  }

  get connected(): boolean {
    return this.#client.connected;
  }

  /** Publishes offline, ends the connection and stops listening; safe to call twice. */
  stop(): Promise<void> {
    return (this.#stopped ??= this.#stop());
  }

  async #stop(): Promise<void> {
    for (const unlisten of this.#unlisten.splice(0)) unlisten();
    if (this.#client.connected) {
      await withTimeout(
        this.#client.publishAsync(this.#topics.status, 'offline', { qos: 1, retain: true }),
        STOP_TIMEOUT_MS,
      ).catch((error: unknown) =>
        this.#ctx.log.debug('mqtt: offline not confirmed', { error: String(error) }),
      );
      await withTimeout(this.#client.endAsync(), STOP_TIMEOUT_MS).catch(() => this.#client.end(true));
    } else {
      this.#client.end(true);
    }
  }

  #onConnect(): void {
    const { log, config } = this.#ctx;
    log.info('mqtt connected', { broker: brokerName(config.url), baseTopic: this.#topics.base });
    this.#failing = false;
    // A new session: the broker may have restarted and lost every retained message.
    this.#published.clear();
    this.#announced = false;
    this.#fullStateDue = true;
    this.#publish(this.#topics.status, 'online', { qos: 1, retain: true });
    const subscriptions = commandSubscriptions(this.#topics.base);
    if (config.discovery) subscriptions.push(`${config.discoveryPrefix}/status`);
    this.#client.subscribe(subscriptions, { qos: 1 }, (error) => {
      if (error) log.warn('mqtt: subscribing failed', { topics: subscriptions, error: error.message });
    });
    if (this.#latest) this.#onState(this.#latest);
    for (const payload of this.#pendingEvents.splice(0))
      this.#publish(this.#topics.events, payload, { qos: 1 });
    if (this.#droppedEvents > 0) {
      log.warn('mqtt: events dropped while the broker was away', { dropped: this.#droppedEvents });
      this.#droppedEvents = 0;
    }
  }

  #onClose(): void {
    if (this.#failing || this.#stopped) return;
    this.#failing = true;
    this.#ctx.log.warn('mqtt connection lost; retrying', {
      broker: brokerName(this.#ctx.config.url),
      everyS: this.#ctx.config.reconnectS,
    });
  }

  /** Said once per outage; the retries after it go to debug (no log flood while the broker is away). */
  #onError(error: Error): void {
    const fields = { broker: brokerName(this.#ctx.config.url), error: error.message };
    if (this.#failing) this.#ctx.log.debug('mqtt connection failed', fields);
    else
      this.#ctx.log.warn('mqtt connection failed; retrying', {
        ...fields,
        everyS: this.#ctx.config.reconnectS,
      });
    this.#failing = true;
  }

  #onState(state: LiveState): void {
    this.#latest = state;
    this.#entities ??= buildEntities(state, {
      topics: this.#topics,
      discoveryPrefix: this.#ctx.config.discoveryPrefix,
      limits: this.#limits,
      version: this.#ctx.version,
    });
    if (!this.#client.connected) return;
    if (!this.#announced) this.#announce();
    const periodMs = this.#ctx.config.publishEveryS * 1000;
    const last = this.#lastFlushMs;
    const due = this.#fullStateDue || last === null || state.atMs < last || state.atMs - last >= periodMs;
    const devices = new Map<string, LiveDevice>(state.devices.map((d) => [d.id, d]));
    const retain = this.#ctx.config.retain;
    for (const entity of this.#entities) {
      if (!due && !entity.row.immediate) continue;
      const payload = entity.payload(state, devices);
      if (this.#published.get(entity.stateTopic) === payload) continue;
      this.#published.set(entity.stateTopic, payload);
      this.#publish(entity.stateTopic, payload, { qos: 0, retain });
    }
    if (due) {
      this.#lastFlushMs = state.atMs;
      this.#fullStateDue = false;
    }
  }

  /** Discovery configs, retained (HA reads them when it starts); again after HA's birth message. */
  #announce(): void {
    if (!this.#ctx.config.discovery || !this.#entities || !this.#client.connected) return;
    for (const entity of this.#entities) {
      this.#publish(entity.discoveryTopic, JSON.stringify(entity.discovery), { qos: 1, retain: true });
    }
    this.#announced = true;
  }

  #onEvent(event: AmpshareEvent): void {
    if (NOT_PUBLISHED.has(event.type)) return;
    const atMs = (this.#ctx.now ?? Date.now)();
    const { type, ...data } = event;
    const payload = JSON.stringify({
      at: new Date(atMs).toISOString(),
      atMs,
      type,
      message: describeEvent(event),
      data,
    });
    if (this.#client.connected) {
      this.#publish(this.#topics.events, payload, { qos: 1 });
      return;
    }
    this.#pendingEvents.push(payload);
    if (this.#pendingEvents.length > MAX_PENDING_EVENTS) {
      this.#pendingEvents.shift();
      this.#droppedEvents++;
    }
  }

  #onMessage(topic: string, payload: Buffer, packet: IPublishPacket): void {
    try {
      if (topic === `${this.#ctx.config.discoveryPrefix}/status`) {
        // Home Assistant's birth message: it (re)started and needs the configs, then the states.
        if (payload.toString().trim() === 'online') {
          this.#announce();
          this.#fullStateDue = true;
          this.#published.clear();
        }
        return;
      }
      // A retained command is replayed at every subscription (MQTT 3.1.1 §3.3.1.3): applying it
      // again would undo whatever was changed since. Only live commands count.
      if (packet.retain)
        throw new PayloadError('retained commands are ignored; publish without the retain flag');
      applyCommand(this.#ctx.commands, this.#topics.base, topic, commandText(payload));
    } catch (error) {
      this.#reject(topic, payload, error);
    }
  }

  #reject(topic: string, payload: Buffer, error: unknown): void {
    const report = errorReport(topic, payload, error);
    this.#ctx.log.warn('mqtt command refused', { topic, reason: report.error });
    this.#publish(this.#topics.error, JSON.stringify(report), { qos: 1 });
  }

  #publish(topic: string, payload: string, options: { qos: 0 | 1; retain?: boolean }): void {
    this.#client.publish(topic, payload, options, (error) => {
      if (error) this.#ctx.log.debug('mqtt publish failed', { topic, error: error.message });
    });
  }
}

/** Two device ids that become the same Home Assistant id ("car.1", "car_1") would share entities. */
function assertDistinctIds(devices: readonly DeviceLimits[]): void {
  const seen = new Map<string, string>();
  for (const { id } of devices) {
    const other = seen.get(safeId(id));
    if (other !== undefined) {
      throw new Error(
        `mqtt: devices "${other}" and "${id}" both become "${safeId(id)}" in Home Assistant ids`,
      );
    }
    seen.set(safeId(id), id);
  }
}

async function readCa(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new Error(`mqtt.caFile ${path}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** host:port without credentials a URL may carry. */
function brokerName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
