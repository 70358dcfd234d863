// The `notify:` section of a run configuration: named sinks (where messages go) and rules (which
// kinds go to which sinks, how throttled). Unknown keys are errors, defaults live here, and a rule
// naming a sink that does not exist is an issue on that rule's `to` entry, so the loader reports
// its file:line. docs/notifications.md documents every key.
import { z } from 'zod';
import { NOTIFICATION_KINDS } from './kinds.js';

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

export const webhookSinkSchema = z.strictObject({
  url: httpUrl,
  /** Extra request headers (an API key, say). */
  headers: z.record(z.string().min(1), z.string()).default({}),
  /** One attempt's limit; a failed attempt is retried (see docs). */
  timeoutS: z.number().finite().positive().default(10),
});

export const mqttSinkSchema = z.strictObject({
  /** mqtt://HOST:1883, mqtts://…, ws://… or wss://… */
  url: z.url({ protocol: /^(mqtts?|wss?)$/, error: 'expected an mqtt://, mqtts://, ws:// or wss:// URL' }),
  topic: z
    .string()
    .min(1)
    .refine((t) => !/[+#]/.test(t), 'a topic to publish to has no wildcards (+, #)'),
  username: z.string().min(1).optional(),
  password: z.string().optional(),
  retain: z.boolean().default(false),
  timeoutS: z.number().finite().positive().default(10),
});

/** ntfy's priorities: 1 = min … 5 = max (also spelt min, low, default, high, max, urgent). */
const NTFY_PRIORITY_NAMES = { min: 1, low: 2, default: 3, high: 4, max: 5, urgent: 5 } as const;

export const ntfySinkSchema = z.strictObject({
  /** Server and topic: https://ntfy.sh/my-topic */
  url: httpUrl.refine(
    (u) => new URL(u).pathname.length > 1,
    'the URL names the topic: https://ntfy.sh/TOPIC',
  ),
  /** An access token (tk_…), sent as a bearer token. */
  token: z.string().min(1).optional(),
  /** Fixed priority for every message; without it each kind has its own (docs/notifications.md). */
  priority: z
    .union([
      z.int().min(1).max(5),
      z.enum(Object.keys(NTFY_PRIORITY_NAMES) as [keyof typeof NTFY_PRIORITY_NAMES]),
    ])
    .transform((p) => (typeof p === 'number' ? p : NTFY_PRIORITY_NAMES[p]))
    .optional(),
  timeoutS: z.number().finite().positive().default(10),
});

export const emailSinkSchema = z
  .strictObject({
    host: z.string().min(1),
    /** Default 465 with secure, else 587 (submission; STARTTLS when the server offers it). */
    port: z.int().min(1).max(65535).optional(),
    /** TLS from the first byte (port 465); false: plain, upgraded by STARTTLS when offered. */
    secure: z.boolean().default(false),
    user: z.string().min(1).optional(),
    pass: z.string().optional(),
    from: z.string().min(1),
    to: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    timeoutS: z.number().finite().positive().default(30),
  })
  .superRefine((e, ctx) => {
    if ((e.user === undefined) !== (e.pass === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [e.user === undefined ? 'user' : 'pass'],
        message: 'user and pass go together',
      });
    }
  })
  .transform(({ port, to, ...e }) => ({
    ...e,
    port: port ?? (e.secure ? 465 : 587),
    to: typeof to === 'string' ? [to] : to,
  }));

export const SINK_TYPES = ['webhook', 'mqtt', 'ntfy', 'email'] as const;
export type SinkType = (typeof SINK_TYPES)[number];

/** A named sink: exactly one of its types as the key (`phone: { ntfy: { url: … } }`). */
export const sinkSchema = z
  .strictObject({
    webhook: webhookSinkSchema.optional(),
    mqtt: mqttSinkSchema.optional(),
    ntfy: ntfySinkSchema.optional(),
    email: emailSinkSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const chosen = SINK_TYPES.filter((k) => s[k] !== undefined);
    if (chosen.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `give exactly one of ${SINK_TYPES.join(', ')}${chosen.length > 1 ? ` (got ${chosen.join(', ')})` : ''}`,
      });
    }
  })
  .transform((s): SinkSpec => {
    if (s.webhook) return { type: 'webhook', config: s.webhook };
    if (s.mqtt) return { type: 'mqtt', config: s.mqtt };
    if (s.ntfy) return { type: 'ntfy', config: s.ntfy };
    if (s.email) return { type: 'email', config: s.email };
    throw new Error('unreachable: the refinement requires one sink type');
  });

export const ruleSchema = z.strictObject({
  /** The kinds this rule sends; a problem's recovery (meter.back for meter.stale) comes with it. */
  on: z.array(z.enum(NOTIFICATION_KINDS)).min(1),
  /** Sink names from `sinks:`. */
  to: z.array(z.string().min(1)).min(1),
  /** A subject is told once it has been quiet this long; its changes meanwhile become one message. */
  debounceS: z.number().finite().min(0).default(30),
  /** At least this long between two messages of this rule (to each of its sinks). */
  minIntervalS: z.number().finite().min(0).default(60),
  /** At most this many messages of this rule in any 60 minutes. */
  maxPerHour: z.int().min(1).default(10),
});

export const notifyConfigSchema = z
  .strictObject({
    sinks: z
      .record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'a sink name is letters, digits, _ and -'), sinkSchema)
      .default({}),
    rules: z.array(ruleSchema).default([]),
  })
  .superRefine((config, ctx) => {
    const names = Object.keys(config.sinks);
    config.rules.forEach((rule, i) => {
      rule.to.forEach((name, j) => {
        const path = ['rules', i, 'to', j];
        if (!names.includes(name)) {
          const known = names.length > 0 ? `sinks: ${names.join(', ')}` : 'no sinks are defined';
          ctx.addIssue({ code: 'custom', path, message: `unknown sink "${name}" (${known})` });
        } else if (rule.to.indexOf(name) !== j) {
          ctx.addIssue({ code: 'custom', path, message: `sink "${name}" is named twice` });
        }
      });
    });
  });

export type WebhookSinkConfig = z.output<typeof webhookSinkSchema>;
export type MqttSinkConfig = z.output<typeof mqttSinkSchema>;
export type NtfySinkConfig = z.output<typeof ntfySinkSchema>;
export type EmailSinkConfig = z.output<typeof emailSinkSchema>;
export type SinkSpec =
  | { type: 'webhook'; config: WebhookSinkConfig }
  | { type: 'mqtt'; config: MqttSinkConfig }
  | { type: 'ntfy'; config: NtfySinkConfig }
  | { type: 'email'; config: EmailSinkConfig };
export type NotifyRule = z.output<typeof ruleSchema>;
/** The validated `notify:` section (the schema's output). */
export type NotifyConfig = z.output<typeof notifyConfigSchema>;
