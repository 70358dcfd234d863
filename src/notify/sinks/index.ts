// The sink registry: a sink type name from the configuration → how to create it. Each sink's module
// (and its library: nodemailer, mqtt) is loaded when a configuration names that type, not before,
// so a daemon without e-mail or MQTT notifications does not carry them in memory.
import type { SinkSpec } from '../config.js';
import { errorText, SinkError, type Sink, type SinkContext } from './sink.js';

export { SinkError, type Sink, type SinkContext };

type Factory<T extends SinkSpec['type']> = (
  config: Extract<SinkSpec, { type: T }>['config'],
  ctx: SinkContext,
) => Sink;
export type SinkFactories = { [T in SinkSpec['type']]: () => Promise<Factory<T>> };

const SINKS: SinkFactories = {
  webhook: async () => (await import('./webhook.js')).createWebhookSink,
  mqtt: async () => (await import('./mqtt.js')).createMqttSink,
  ntfy: async () => (await import('./ntfy.js')).createNtfySink,
  email: async () => (await import('./email.js')).createEmailSink,
};

/**
 * The sink for a configuration entry. It is returned at once; its module loads in the background
 * and the first send() or close() waits for it (a failed load fails that send, like a failed
 * connection would).
 * @param factories where each type's factory comes from (tests hand in failing ones)
 */
export function createSink(spec: SinkSpec, ctx: SinkContext, factories: SinkFactories = SINKS): Sink {
  const load = factories[spec.type] as () => Promise<(config: SinkSpec['config'], ctx: SinkContext) => Sink>;
  const ready = load().then((create) => create(spec.config, ctx));
  // Seen by send()/close(); this keeps an early failure from being an unhandled rejection.
  ready.catch(() => undefined);
  // A sink that cannot be made (its module or its factory failed) will not be made by retrying.
  const sink = async (): Promise<Sink> => {
    try {
      return await ready;
    } catch (error) {
      throw new SinkError(ctx.name, `cannot be set up: ${errorText(error)}`, false, { cause: error });
    }
  };
  return {
    send: async (n) => (await sink()).send(n),
    close: async () => {
      const sink = await ready.catch(() => null);
      await sink?.close?.();
    },
  };
}
