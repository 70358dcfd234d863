// The sink registry: a sink type name from the configuration → how to create it.
import type { SinkSpec } from '../config.js';
import { createEmailSink } from './email.js';
import { createMqttSink } from './mqtt.js';
import { createNtfySink } from './ntfy.js';
import type { Sink, SinkContext } from './sink.js';
import { createWebhookSink } from './webhook.js';

export { SinkError, type Sink, type SinkContext } from './sink.js';

type Factories = {
  [T in SinkSpec['type']]: (config: Extract<SinkSpec, { type: T }>['config'], ctx: SinkContext) => Sink;
};

const SINKS: Factories = {
  webhook: createWebhookSink,
  mqtt: createMqttSink,
  ntfy: createNtfySink,
  email: createEmailSink,
};

export function createSink(spec: SinkSpec, ctx: SinkContext): Sink {
  const create = SINKS[spec.type] as (config: SinkSpec['config'], ctx: SinkContext) => Sink;
  return create(spec.config, ctx);
}
