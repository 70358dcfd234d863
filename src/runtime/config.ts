// The run configuration: the site configuration plus `meter:`, `ocpp:`, `controller:` and, on every
// device, the keys of its driver. One YAML file is parsed once; the run sections and each device's
// driver-only keys are validated in place (so every problem still names file:line:key) and then
// taken out of the document, and the site loader checks what is left, with the same line numbers.
//
//   - { id: cp1, kind: charger, driver: ocpp, stationId: CP-1, connector: 1, phases: [L1, L2, L3], maxA: 16 }
//       site keys:   id kind phases maxA           (the allocator's device)
//       ocpp keys:   id stationId connector phases maxA   (shared keys go to both)
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, YamlSource, type ConfigProblem, type KeyPath } from '../config/yaml.js';
import { DRIVERS } from '../devices/registry.js';
import { checkSiteConfig } from '../site/load.js';
import { deviceSchema, type SiteConfig } from '../site/schema.js';
import { notifyConfigSchema } from '../notify/config.js';
import { mqttConfigSchema } from '../protocols/mqtt/config.js';
import { serverConfigSchema } from '../server/config.js';
import { historyConfigSchema } from '../store/config.js';
import { ocppDevices, ocppSection } from './config-ocpp.js';
import { inFileOrder, record, validateAt } from './config-parts.js';
import {
  controllerSchema,
  meterSchema,
  type MeterConfig,
  type RunConfig,
  type RunDevice,
} from './config-schema.js';

export function loadRunConfig(file: string): RunConfig {
  return checkRunConfig(YamlSource.fromFile(file));
}

export function parseRunConfig(text: string, file = '<inline>'): RunConfig {
  return checkRunConfig(YamlSource.fromText(file, text));
}

/** Site-wide values a driver also needs, when the device does not set its own. */
const INHERITED = ['voltageV', 'failsafeA', 'network'] as const;

/** Validates everything; throws one ConfigError with every problem, in file order. Mutates `source`. */
export function checkRunConfig(source: YamlSource): RunConfig {
  const problems: ConfigProblem[] = [];
  const root = record(source.toJS()) ?? {};
  const siteRaw = record(root['site']) ?? {};
  const baseDir = dirname(source.file);

  const meter = runSection(source, root, 'meter', meterSchema, problems);
  if (!('meter' in root))
    problems.push(source.problem([], 'meter: missing (e.g. meter: { tcp: "192.168.1.40:2323" })'));
  const controller =
    runSection(source, root, 'controller', controllerSchema, problems) ?? controllerSchema.parse({});
  const { ocpp, tls } = ocppSection(source, root, baseDir, problems);
  const server =
    runSection(source, root, 'server', serverConfigSchema, problems) ?? serverConfigSchema.parse({});
  const dataDir = validateAt(source, dataDirSchema, root['dataDir'], ['dataDir'], problems);
  const history =
    runSection(source, root, 'history', historyConfigSchema, problems) ?? historyConfigSchema.parse({});
  const notify = runSection(source, root, 'notify', notifyConfigSchema, problems);
  const mqtt = runSection(source, root, 'mqtt', mqttConfigSchema, problems);

  const rawDevices = Array.isArray(root['devices']) ? (root['devices'] as unknown[]) : [];
  const splits = rawDevices.map((raw, i) => splitDevice(source, raw, i, siteRaw, problems));
  const devices = splits.map((s) => s?.device ?? null);
  ocppDevices(source, devices, 'ocpp' in root, ocpp, problems);

  // Only now change the document: every problem above was located in the original.
  for (const key of RUN_SECTIONS) source.doc.delete(key);
  splits.forEach((split, i) => split && stripDriverKeys(source, i, split, siteRaw));

  let site: SiteConfig | null = null;
  try {
    site = checkSiteConfig(source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const usable = devices.filter((d): d is RunDevice => d !== null);
  if (problems.length > 0 || !site || !meter) throw new ConfigError(inFileOrder(problems));
  return {
    file: source.file,
    site,
    meter: meterConfig(meter, baseDir),
    ocpp,
    tls,
    controller,
    devices: usable,
    server: server.enabled ? server : null,
    dataDir: dataDir === null || dataDir === false ? null : resolve(baseDir, dataDir),
    history,
    notify,
    mqtt,
  };
}

/** The sections `run` adds to a site configuration (taken out before the site loader sees it). */
const RUN_SECTIONS = ['meter', 'controller', 'ocpp', 'server', 'dataDir', 'history', 'notify', 'mqtt'];

/** A folder (relative to the configuration file), or false for no history and no saved settings. */
const dataDirSchema = z.union([z.string().min(1), z.literal(false)]).default('data');

interface Split {
  /** null when the driver's keys are invalid (the problems are reported). */
  device: RunDevice | null;
  /** Keys only the driver knows: not the allocator's business. */
  driverOnly: string[];
  autoPhases: boolean;
}

/** One device: its driver's keys, validated by the driver's schema. Does not change the document. */
function splitDevice(
  source: YamlSource,
  raw: unknown,
  i: number,
  siteRaw: Record<string, unknown>,
  problems: ConfigProblem[],
): Split | null {
  const at: KeyPath = ['devices', i];
  const device = record(raw);
  if (!device) return null; // the site schema says what is wrong with it
  const known = Object.keys(DRIVERS).join(', ');
  const driver = device['driver'];
  if (driver === undefined) {
    problems.push(source.problem(at, `a device needs a driver to run (driver: one of ${known})`));
    return null;
  }
  if (typeof driver !== 'string') return null;
  const definition = Object.hasOwn(DRIVERS, driver) ? DRIVERS[driver] : undefined;
  if (!definition) {
    problems.push(source.problem([...at, 'driver'], `unknown driver "${driver}" (known: ${known})`));
    return null;
  }
  const driverKeys = schemaKeys(definition.configSchema, driver);
  const siteKeys = siteDeviceKeys(device['kind']);
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(device)) if (driverKeys.has(key)) input[key] = device[key];
  for (const key of INHERITED) {
    if (driverKeys.has(key) && input[key] === undefined && siteRaw[key] !== undefined)
      input[key] = siteRaw[key];
  }
  const driverConfig = validateAt(source, definition.configSchema, input, at, problems);
  const autoPhases = device['phases'] === 'auto';
  if (autoPhases && siteRaw['phases'] === 1) {
    problems.push(
      source.problem([...at, 'phases'], 'phases: auto is for three-phase stations on a three-phase site'),
    );
  }
  const id = typeof device['id'] === 'string' ? device['id'] : `devices[${i}]`;
  return {
    device: driverConfig === null ? null : { id, driver, driverConfig, autoPhases },
    driverOnly: Object.keys(device).filter((key) => driverKeys.has(key) && !siteKeys.has(key)),
    autoPhases,
  };
}

/** Leaves the allocator's part of a device in the document. */
function stripDriverKeys(
  source: YamlSource,
  i: number,
  split: Split,
  siteRaw: Record<string, unknown>,
): void {
  for (const key of split.driverOnly) source.doc.deleteIn(['devices', i, key]);
  // `auto`: provisional wiring; the device is not controlled until its driver reports the rotation.
  if (split.autoPhases)
    source.doc.setIn(['devices', i, 'phases'], siteRaw['phases'] === 1 ? ['L1'] : ['L1', 'L2', 'L3']);
}

function runSection<S extends z.ZodType>(
  source: YamlSource,
  root: Record<string, unknown>,
  key: string,
  schema: S,
  problems: ConfigProblem[],
): z.output<S> | null {
  if (!(key in root)) return null;
  return validateAt(source, schema, root[key] ?? {}, [key], problems);
}

function meterConfig(m: z.output<typeof meterSchema>, baseDir: string): MeterConfig {
  const decoder = {
    lenient: m.lenient,
    ...(m.key ? { key: Uint8Array.from(Buffer.from(m.key, 'hex')) } : {}),
  };
  if (m.tcp !== undefined) {
    const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(m.tcp);
    return {
      source: { kind: 'tcp', host: match?.[1] ?? match?.[2] ?? '', port: Number(match?.[3]) },
      decoder,
    };
  }
  if (m.serial !== undefined)
    return { source: { kind: 'serial', path: m.serial, baud: m.baud ?? 'auto' }, decoder };
  if (m.http !== undefined) return { source: { kind: 'http', url: m.http }, decoder };
  return { source: { kind: 'file', path: resolve(baseDir, m.file ?? ''), realtime: m.realtime }, decoder };
}

/** The keys a driver's config schema knows (drivers export strict object schemas). */
function schemaKeys(schema: z.ZodType, driver: string): Set<string> {
  if (!(schema instanceof z.ZodObject)) {
    throw new Error(
      `driver "${driver}": its configSchema must be a zod object so its keys can be told apart`,
    );
  }
  return new Set(Object.keys(schema.shape));
}

const SITE_KEYS_BY_KIND = new Map<unknown, Set<string>>(
  deviceSchema.options.map((o) => [o.shape.kind.value, new Set(Object.keys(o.shape))]),
);
const ALL_SITE_KEYS = new Set([...SITE_KEYS_BY_KIND.values()].flatMap((keys) => [...keys]));

function siteDeviceKeys(kind: unknown): Set<string> {
  return SITE_KEYS_BY_KIND.get(kind) ?? ALL_SITE_KEYS;
}
