// A second MQTT client that records what arrives on some topics, for asserting what a bridge said.
import mqtt, { type MqttClient } from 'mqtt';

export interface Message {
  topic: string;
  payload: string;
  retain: boolean;
}

export class Watcher {
  readonly messages: Message[] = [];
  #waiters = new Set<() => void>();

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      this.messages.push({ topic, payload: payload.toString(), retain: packet.retain });
      for (const wake of [...this.#waiters]) wake();
    });
  }

  static async start(url: string, topics: string[]): Promise<Watcher> {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    const watcher = new Watcher(client);
    await client.subscribeAsync(topics, { qos: 1 });
    return watcher;
  }

  /** The first message from index `from` on that matches, waiting for it if need be. */
  next(
    match: (m: Message) => boolean,
    what: string,
    options: { from?: number; timeoutMs?: number } = {},
  ): Promise<Message> {
    const from = options.from ?? 0;
    return new Promise((resolve, reject) => {
      const attempt = (): void => {
        const found = this.messages.slice(from).find(match);
        if (!found) return;
        this.#waiters.delete(attempt);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(attempt);
        const seen = this.messages.slice(from).map((m) => `${m.topic}=${m.payload.slice(0, 80)}`);
        reject(
          new Error(`timed out waiting for ${what}; saw ${seen.length}: ${seen.slice(-30).join(' | ')}`),
        );
      }, options.timeoutMs ?? 5000);
      this.#waiters.add(attempt);
      attempt();
    });
  }

  /** Waits for the latest value on `topic` to be `payload`. */
  value(
    topic: string,
    payload: string,
    options: { from?: number; timeoutMs?: number } = {},
  ): Promise<Message> {
    return this.next((m) => m.topic === topic && m.payload === payload, `${topic} = ${payload}`, options);
  }

  async stop(): Promise<void> {
    await this.client.endAsync();
  }
}
