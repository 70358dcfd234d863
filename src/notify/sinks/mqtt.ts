// MQTT: the notification as JSON on one topic, QoS 1 (the broker acknowledges it). The client keeps
// its own connection and reconnects by itself. A message waits up to timeoutS for the connection and
// is only published on a live one; otherwise it fails (retryable), so retries do not stack copies
// in the client's offline queue.
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { MqttSinkConfig } from '../config.js';
import type { Notification } from '../kinds.js';
import { errorText, notificationJson, SinkError, type Sink, type SinkContext } from './sink.js';

const RECONNECT_MS = 5_000;

export function createMqttSink(config: MqttSinkConfig, ctx: SinkContext): Sink {
  const options: IClientOptions = {
    clientId: `ampshare-notify-${Math.random().toString(16).slice(2, 10)}`,
    reconnectPeriod: RECONNECT_MS,
    connectTimeout: config.timeoutS * 1000,
    clean: true,
  };
  if (config.username !== undefined) options.username = config.username;
  if (config.password !== undefined) options.password = config.password;
  const client: MqttClient = connect(config.url, options);
  // Say a lost connection once, not on every reconnect attempt.
  let down = false;
  client.on('connect', () => {
    if (down) ctx.log.info(`notify: ${ctx.name}: connected to ${where(config.url)} again`);
    down = false;
  });
  client.on('error', (error) => {
    if (!down) ctx.log.warn(`notify: ${ctx.name}: MQTT ${where(config.url)}: ${errorText(error)}`);
    down = true;
  });
  client.on('offline', () => {
    if (!down) ctx.log.warn(`notify: ${ctx.name}: MQTT ${where(config.url)} unreachable; reconnecting`);
    down = true;
  });

  /** Resolves true once connected (at once if so), false after timeoutMs. */
  const connected = (timeoutMs: number): Promise<boolean> =>
    client.connected
      ? Promise.resolve(true)
      : new Promise((resolve) => {
          const done = (ok: boolean): void => {
            clearTimeout(timer);
            client.off('connect', onConnect);
            resolve(ok);
          };
          const onConnect = (): void => done(true);
          const timer = setTimeout(() => done(false), timeoutMs);
          client.on('connect', onConnect);
        });

  return {
    async send(n: Notification): Promise<void> {
      const timeoutMs = config.timeoutS * 1000;
      if (!(await connected(timeoutMs))) {
        throw new SinkError(
          ctx.name,
          `not connected to ${where(config.url)} within ${config.timeoutS} s`,
          true,
        );
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          // The client redelivers an unacknowledged QoS 1 message itself after a reconnect.
          () => reject(new SinkError(ctx.name, `no PUBACK within ${config.timeoutS} s`, false)),
          timeoutMs,
        );
      });
      try {
        await Promise.race([
          client.publishAsync(config.topic, notificationJson(n), { qos: 1, retain: config.retain }),
          timeout,
        ]);
      } catch (error) {
        if (error instanceof SinkError) throw error;
        throw new SinkError(ctx.name, `publish to ${config.topic}: ${errorText(error)}`, true, {
          cause: error,
        });
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => client.endAsync(),
  };
}

/** The broker's address without credentials, for log lines. */
function where(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}
