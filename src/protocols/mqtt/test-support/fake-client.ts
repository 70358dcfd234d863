// An MQTT.js client stand-in that records publishes and lets a test deliver messages and connects:
// the bridge's timing rules (throttle, immediate values, birth message) without a broker.
import { EventEmitter } from 'node:events';
import type { IClientOptions, MqttClient } from 'mqtt';

export interface Published {
  topic: string;
  payload: string;
  qos: number;
  retain: boolean;
}

export class FakeClient extends EventEmitter {
  connected = false;
  readonly published: Published[] = [];
  readonly subscribed: string[] = [];
  ended = false;

  constructor(
    readonly url: string,
    readonly options: IClientOptions,
  ) {
    super();
  }

  /** The connect function to hand the bridge; `clients` collects what it made. */
  static factory(clients: FakeClient[]): (url: string, options: IClientOptions) => MqttClient {
    return (url, options) => {
      const client = new FakeClient(url, options);
      clients.push(client);
      return client as unknown as MqttClient;
    };
  }

  connect(): void {
    this.connected = true;
    this.emit('connect', { cmd: 'connack', returnCode: 0 });
  }

  drop(): void {
    this.connected = false;
    this.emit('close');
  }

  deliver(topic: string, payload: string, retain = false): void {
    this.emit('message', topic, Buffer.from(payload), { cmd: 'publish', topic, payload, retain, qos: 0 });
  }

  /** Everything published from index `from` on, to `topic` (exact) or under `prefix/`. */
  sent(topicOrPrefix: string, from = 0): Published[] {
    return this.published
      .slice(from)
      .filter((p) => p.topic === topicOrPrefix || p.topic.startsWith(`${topicOrPrefix}/`));
  }

  publish(
    topic: string,
    payload: string,
    options: { qos?: number; retain?: boolean },
    callback?: (error?: Error) => void,
  ): this {
    this.published.push({ topic, payload, qos: options.qos ?? 0, retain: options.retain ?? false });
    callback?.();
    return this;
  }

  async publishAsync(
    topic: string,
    payload: string,
    options: { qos?: number; retain?: boolean },
  ): Promise<void> {
    this.publish(topic, payload, options);
  }

  subscribe(topics: string[], _options: unknown, callback?: (error: Error | null) => void): this {
    this.subscribed.push(...topics);
    callback?.(null);
    return this;
  }

  end(): this {
    this.ended = true;
    this.connected = false;
    return this;
  }

  async endAsync(): Promise<void> {
    this.end();
  }
}
