// Commands in: BASE/site/OBJECT/set and BASE/devices/ID/OBJECT/set, routed through the entity table
// (a row with a `command` is a setting) to Commands with origin "mqtt".
import { SettingsError, type Commands } from '../../runtime/commands.js';
import { ENTITIES, type DeviceRow, type SiteRow } from './discovery.js';
import { PayloadError } from './payloads.js';

const SITE_COMMANDS = new Map(
  ENTITIES.filter((r): r is SiteRow => r.scope === 'site' && r.command !== undefined).map((r) => [
    r.object,
    r,
  ]),
);
const DEVICE_COMMANDS = new Map(
  ENTITIES.filter((r): r is DeviceRow => r.scope === 'device' && r.command !== undefined).map((r) => [
    r.object,
    r,
  ]),
);

/** The subscriptions that bring the commands in. */
export function commandSubscriptions(base: string): string[] {
  return [`${base}/site/+/set`, `${base}/devices/+/+/set`];
}

/** Parses and applies one command; throws PayloadError or the SettingsError of Commands. */
export function applyCommand(commands: Commands, base: string, topic: string, text: string): void {
  const levels = topic.slice(base.length + 1).split('/');
  const [scope, idOrObject = '', object = ''] = levels;
  if (levels.length === 3 && scope === 'site') {
    const command = SITE_COMMANDS.get(idOrObject)?.command;
    if (!command)
      throw new PayloadError(`no site setting "${idOrObject}" (${[...SITE_COMMANDS.keys()].join(', ')})`);
    commands.setSite(command(text), 'mqtt');
    return;
  }
  if (levels.length === 4 && scope === 'devices') {
    const command = DEVICE_COMMANDS.get(object)?.command;
    if (!command)
      throw new PayloadError(`no device setting "${object}" (${[...DEVICE_COMMANDS.keys()].join(', ')})`);
    commands.setDevice(idOrObject, command(text), 'mqtt');
    return;
  }
  throw new PayloadError('not a command topic');
}

/** What BASE/error carries for a refused command: the topic, what came, why, and the field at fault. */
export function errorReport(topic: string, payload: Buffer, error: unknown): Record<string, unknown> {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    topic,
    payload: payload.toString().slice(0, 200),
    error: reason,
    ...(error instanceof SettingsError ? { field: error.field, status: error.status } : {}),
  };
}
