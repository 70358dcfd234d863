// The `mqtt:` section of the run configuration: the broker, the topics, Home Assistant discovery.
// Unknown keys are errors (strictObject); defaults live here and nowhere else (docs/mqtt.md).
import { hostname } from 'node:os';
import { z } from 'zod';

/** A topic prefix: no wildcards (MQTT 3.1.1 §4.7.1), no empty levels at either end. */
const topicPrefix = z
  .string()
  .min(1)
  .regex(/^[^#+/\s](?:[^#+\s]*[^#+/\s])?$/, 'a topic prefix has no "#", "+", spaces or "/" at either end');

const brokerUrl = z
  .string()
  .regex(/^mqtts?:\/\/[^\s/]+\/?$/, 'the broker URL is mqtt://HOST[:PORT] or mqtts://HOST[:PORT]')
  .refine((url) => URL.canParse(url), 'not a valid URL');

export const mqttConfigSchema = z.strictObject({
  /** mqtt://host:1883 or mqtts://host:8883 (TLS). */
  url: brokerUrl,
  username: z.string().min(1).optional(),
  password: z.string().optional(),
  /** A PEM file with the CA that signed the broker's certificate (mqtts with a private CA). */
  caFile: z.string().min(1).optional(),
  /** Stable per machine, so a restarted ampshare takes over its own stale session at the broker. */
  clientId: z
    .string()
    .min(1)
    .default(() => `ampshare-${hostname()}`),
  /** State under BASE/site/… and BASE/devices/ID/…, events on BASE/events, commands on …/set. */
  baseTopic: topicPrefix.default('ampshare'),
  /** Announce the entities to Home Assistant (MQTT discovery). */
  discovery: z.boolean().default(true),
  /** Home Assistant's discovery prefix (its own setting, `homeassistant` unless changed there). */
  discoveryPrefix: topicPrefix.default('homeassistant'),
  /** State topics are retained, so a subscriber that comes later gets the last values at once. */
  retain: z.boolean().default(true),
  /**
   * Measurements go out at most this often (s); 0 = every cycle. Settings, setpoints and statuses
   * go out in the cycle they change. An unchanged value is never sent again (the broker keeps it).
   */
  publishEveryS: z.number().finite().nonnegative().default(1),
  /** Wait between reconnection attempts (s); MQTT.js retries forever at this pace. */
  reconnectS: z.number().finite().min(0.1).default(5),
  /** MQTT keep-alive (s): a dead connection is noticed within about 1.5 times this. */
  keepaliveS: z.number().int().min(5).max(65535).default(30),
});

export type MqttConfig = z.infer<typeof mqttConfigSchema>;
export type MqttConfigInput = z.input<typeof mqttConfigSchema>;
