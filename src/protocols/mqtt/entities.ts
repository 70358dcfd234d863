// The table (discovery.ts) made concrete for one site: a row per phase in use and per device, each
// with its state topic, command topic, unique_id and Home Assistant discovery payload.
import type { LiveDevice, LiveState } from '../../model/live.js';
import { PHASES } from '../../model/units.js';
import type { MqttConfig } from './config.js';
import {
  ENTITIES,
  type DeviceLimits,
  type DeviceRow,
  type EntityRow,
  type NumberRange,
} from './discovery.js';
import { formatValue, valueAt } from './payloads.js';

export interface Entity {
  row: EntityRow;
  /** null for site-wide entities. */
  deviceId: string | null;
  uniqueId: string;
  stateTopic: string;
  commandTopic: string | null;
  discoveryTopic: string;
  discovery: Record<string, unknown>;
  /** This cycle's payload for the state topic. */
  payload(state: LiveState, devices: ReadonlyMap<string, LiveDevice>): string;
}

export interface TopicNames {
  base: string;
  /** BASE/status: online/offline, retained (the last will). */
  status: string;
  events: string;
  error: string;
  /** Home Assistant's node id: the base topic with every character HA does not allow as "_". */
  node: string;
}

export function topicNames(config: Pick<MqttConfig, 'baseTopic'>): TopicNames {
  const base = config.baseTopic;
  return {
    base,
    status: `${base}/status`,
    events: `${base}/events`,
    error: `${base}/error`,
    node: safeId(base),
  };
}

/** Discovery topic levels and unique_ids allow [a-zA-Z0-9_-] (HA MQTT discovery, "Discovery topic"). */
export function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

export const siteStateTopic = (t: TopicNames, object: string): string => `${t.base}/site/${object}`;
export const deviceStateTopic = (t: TopicNames, deviceId: string, object: string): string =>
  `${t.base}/devices/${deviceId}/${object}`;

export interface BuildOptions {
  topics: TopicNames;
  discoveryPrefix: string;
  /** The configured limits per device id (the number entities' ranges). */
  limits: ReadonlyMap<string, DeviceLimits>;
  version?: string;
}

/** Every entity for this site, in table order. Throws when two would share a unique_id. */
export function buildEntities(state: LiveState, options: BuildOptions): Entity[] {
  const { topics } = options;
  const siteDevice = {
    identifiers: [`${topics.node}_site`],
    name: 'ampshare',
    manufacturer: 'ampshare',
    model: 'Load balancer',
  };
  const origin = { name: 'ampshare', ...(options.version ? { sw_version: options.version } : {}) };
  const entities: Entity[] = [];
  const add = (
    row: EntityRow,
    object: string,
    name: string,
    deviceId: string | null,
    haDevice: Record<string, unknown>,
    read: Entity['payload'],
    range: NumberRange | null = null,
  ): void => {
    const stateTopic =
      deviceId === null ? siteStateTopic(topics, object) : deviceStateTopic(topics, deviceId, object);
    const commandTopic = row.scope !== 'phase' && row.command ? `${stateTopic}/set` : null;
    const objectId = `${deviceId === null ? 'site' : safeId(deviceId)}_${object}`;
    const uniqueId = `${topics.node}_${objectId}`;
    entities.push({
      row,
      deviceId,
      uniqueId,
      stateTopic,
      commandTopic,
      discoveryTopic: `${options.discoveryPrefix}/${row.component}/${topics.node}/${objectId}/config`,
      discovery: discoveryPayload(row, {
        name,
        uniqueId,
        stateTopic,
        commandTopic,
        range,
        haDevice,
        origin,
        topics,
      }),
      payload: read,
    });
  };

  for (const row of ENTITIES) {
    if (row.scope === 'phase') {
      for (const [index, phase] of PHASES.slice(0, state.site.phases).entries()) {
        const path = row.path.replace('#', String(index));
        const fill = (text: string, p: string): string => text.replace('{phase}', p);
        add(row, fill(row.object, phase.toLowerCase()), fill(row.name, phase), null, siteDevice, (s) =>
          formatValue(valueAt(s, path), row.decimals),
        );
      }
    } else if (row.scope === 'site') {
      const range = row.range ? row.range(state.site) : null;
      add(
        row,
        row.object,
        row.name,
        null,
        siteDevice,
        (s) => formatValue(valueAt(s, row.path), row.decimals),
        range,
      );
    } else {
      for (const live of state.devices) {
        if (row.kinds && !row.kinds.includes(live.kind)) continue;
        const limits = options.limits.get(live.id) ?? live;
        const haDevice = {
          identifiers: [`${topics.node}_device_${safeId(live.id)}`],
          name: live.id,
          manufacturer: 'ampshare',
          model: live.kind,
          via_device: siteDevice.identifiers[0],
        };
        const range = row.range ? row.range(limits) : null;
        add(
          row,
          row.object,
          row.name,
          live.id,
          haDevice,
          (_, devices) => deviceValue(row, devices.get(live.id)),
          range,
        );
      }
    }
  }
  assertUnique(entities);
  return entities;
}

function deviceValue(row: DeviceRow, device: LiveDevice | undefined): string {
  let value = device === undefined ? undefined : valueAt(device, row.path);
  if (row.reduce === 'max' && Array.isArray(value)) {
    const numbers = value.filter((v): v is number => typeof v === 'number');
    value = numbers.length > 0 ? Math.max(...numbers) : null;
  }
  return formatValue(value, row.decimals);
}

interface PayloadParts {
  name: string;
  uniqueId: string;
  stateTopic: string;
  commandTopic: string | null;
  range: NumberRange | null;
  haDevice: Record<string, unknown>;
  origin: Record<string, unknown>;
  topics: TopicNames;
}

/** Keys per component as Home Assistant's MQTT platforms document them (see discovery.ts). */
function discoveryPayload(row: EntityRow, p: PayloadParts): Record<string, unknown> {
  const sensor = row.component === 'sensor';
  const numeric = row.unit !== undefined;
  const payload: Record<string, unknown> = {
    name: p.name,
    unique_id: p.uniqueId,
    state_topic: p.stateTopic,
    availability_topic: p.topics.status,
    device: p.haDevice,
    origin: p.origin,
  };
  const set = (key: string, value: unknown, when = true): void => {
    if (when && value !== undefined) payload[key] = value;
  };
  set('command_topic', p.commandTopic ?? undefined);
  set('device_class', row.deviceClass, row.component !== 'select');
  set('unit_of_measurement', row.unit, sensor || row.component === 'number');
  set('state_class', row.stateClass, sensor);
  set('suggested_display_precision', row.decimals ?? 2, sensor && numeric);
  set('entity_category', row.entityCategory);
  set('options', row.options, row.component === 'select' || row.deviceClass === 'enum');
  if (row.component === 'number' && p.range) {
    Object.assign(payload, { min: p.range.min, max: p.range.max, step: p.range.step, mode: 'box' });
  }
  return payload;
}

function assertUnique(entities: readonly Entity[]): void {
  const seen = new Map<string, Entity>();
  for (const entity of entities) {
    const other = seen.get(entity.uniqueId);
    if (other) {
      throw new Error(
        `mqtt: ${other.stateTopic} and ${entity.stateTopic} would share the Home Assistant unique_id ` +
          `${entity.uniqueId} (device ids that differ only in characters other than letters, digits, "_" and "-")`,
      );
    }
    seen.set(entity.uniqueId, entity);
  }
}
