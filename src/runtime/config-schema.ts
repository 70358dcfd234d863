// The sections `ampshare run` adds to the site configuration: `meter:` (where the telegrams come
// from), `controller:` (the loop's own settings) and, inside `ocpp:`, `tls:` for security profile 2.
// The rest of `ocpp:` is the central system's own schema (src/protocols/ocpp/config.ts). Unknown
// keys are errors; defaults live here. docs/running.md documents every key.
import { z } from 'zod';
import type { P1DecoderOptions } from '../meters/dsmr/types.js';
import type { SourceSpec } from '../meters/sources/index.js';
import type { CsmsConfig } from '../protocols/ocpp/config.js';
import type { NotifyConfig } from '../notify/config.js';
import type { HistoryConfig } from '../store/config.js';
import type { MqttConfig } from '../protocols/mqtt/config.js';
import type { ServerConfig } from '../server/config.js';
import type { SiteConfig } from '../site/schema.js';

const hostPort = z
  .string()
  .regex(/^(?:\[[^\]]+\]|[^:\s[\]]+):\d{1,5}$/, 'expected "HOST:PORT", e.g. "192.168.1.40:2323"');

export const meterSchema = z
  .strictObject({
    /** A network P1 dongle or ser2net in raw mode. */
    tcp: hostPort.optional(),
    /** A P1 cable: /dev/ttyUSB0. */
    serial: z.string().min(1).optional(),
    /** Serial only: 115200 (8N1), 9600 (7E1) or auto (tries both). */
    baud: z.union([z.literal('auto'), z.number().int().positive()]).optional(),
    /** A HomeWizard P1 meter: http://HOST (raw telegram) or http://HOST/api/v1/data (JSON). */
    http: z.url().optional(),
    /** A recording, relative to the configuration file. */
    file: z.string().min(1).optional(),
    /** File only: replay at the pace of the telegrams' timestamps (default) or as fast as possible. */
    realtime: z.boolean().default(true),
    /** The AES-128 key of a Luxembourg Smarty meter, 32 hex digits. */
    key: z
      .string()
      .regex(/^[0-9A-Fa-f]{32}$/, 'the key is 32 hex digits (AES-128)')
      .optional(),
    /** Keep telegrams with a wrong CRC. Not recommended for control. */
    lenient: z.boolean().default(false),
  })
  .superRefine((m, ctx) => {
    const chosen = (['tcp', 'serial', 'http', 'file'] as const).filter((k) => m[k] !== undefined);
    if (chosen.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `give exactly one of tcp, serial, http, file${chosen.length > 1 ? ` (got ${chosen.join(', ')})` : ''}`,
      });
    }
    if (m.baud !== undefined && m.serial === undefined) {
      ctx.addIssue({ code: 'custom', path: ['baud'], message: 'baud goes with serial' });
    }
  });

export const controllerSchema = z.strictObject({
  /** A cycle (telegram in, setpoints out) taking longer than this is reported (cycle.overrun). */
  cycleBudgetMs: z.number().finite().positive().default(200),
  /** On SIGTERM, wait this long for the stations to confirm their fail-safe profiles. */
  shutdownTimeoutS: z.number().finite().positive().default(10),
});

/** Security profile 2: the certificate and key of the TLS server the stations connect to. */
export const tlsSchema = z.strictObject({
  certFile: z.string().min(1),
  keyFile: z.string().min(1),
});

export interface MeterConfig {
  source: SourceSpec;
  decoder: P1DecoderOptions;
}

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

export interface RunDevice {
  id: string;
  /** The driver's type name in the registry (src/devices/registry.ts). */
  driver: string;
  /** The device's keys that the driver knows, validated by the driver's schema (its output). */
  driverConfig: unknown;
  /** `phases: auto`: the site model holds [L1, L2, L3] until the driver reports the rotation. */
  autoPhases: boolean;
}

export interface RunConfig {
  file: string;
  /** What the allocator sees: the site, circuits and devices without their driver keys. */
  site: SiteConfig;
  meter: MeterConfig;
  /** The central system, when there is an `ocpp:` section (every station a device names is listed). */
  ocpp: CsmsConfig | null;
  tls: TlsFiles | null;
  controller: z.output<typeof controllerSchema>;
  devices: RunDevice[];
  /** The HTTP API, WebSocket feed, dashboard and /metrics; null when disabled. */
  server: ServerConfig | null;
  /** History, run-time settings: `dataDir` (relative to the configuration file), null for none. */
  dataDir: string | null;
  /** The history store's retention (used when dataDir is set). */
  history: HistoryConfig;
  /** Notification rules and sinks, when there is a `notify:` section. */
  notify: NotifyConfig | null;
  /** MQTT state out, commands in, Home Assistant discovery, when there is an `mqtt:` section. */
  mqtt: MqttConfig | null;
}
