import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { LiveDevice } from '../../model/live.js';
import { mqttConfigSchema } from './config.js';
import { ENTITIES } from './discovery.js';
import { buildEntities, topicNames, type Entity } from './entities.js';
import {
  commandText,
  formatValue,
  MAX_STATE_LENGTH,
  parseInteger,
  parseMode,
  parseNumber,
  parseOptionalNumber,
  parsePeakTarget,
  PayloadError,
  valueAt,
} from './payloads.js';
import { aDevice, SAMPLE_LIMITS, sampleState } from './test-support/sample-state.js';

const topics = topicNames({ baseTopic: 'ampshare' });
const build = (state = sampleState(), limits = SAMPLE_LIMITS): Entity[] =>
  buildEntities(state, {
    topics,
    discoveryPrefix: 'homeassistant',
    limits: new Map(limits.map((d) => [d.id, d])),
    version: '0.1.0',
  });
const byTopic = (entities: Entity[], stateTopic: string): Entity => {
  const entity = entities.find((e) => e.stateTopic === stateTopic);
  assert.ok(entity, `no entity on ${stateTopic}`);
  return entity;
};

describe('the entity table', () => {
  it('every row names a value that exists in a full LiveState', () => {
    const state = sampleState();
    for (const row of ENTITIES) {
      if (row.scope === 'phase') {
        for (const index of [0, 1, 2]) {
          const path = row.path.replace('#', String(index));
          assert.notEqual(valueAt(state, path), undefined, `${row.object}: ${path}`);
        }
      } else if (row.scope === 'site') {
        assert.notEqual(valueAt(state, row.path), undefined, `${row.object}: ${row.path}`);
      } else {
        const devices = state.devices.filter((d) => !row.kinds || row.kinds.includes(d.kind));
        assert.ok(devices.length > 0, `${row.object}: the sample has no ${row.kinds?.join('/')} device`);
        for (const device of devices) {
          assert.notEqual(valueAt(device, row.path), undefined, `${row.object}: ${device.id}.${row.path}`);
        }
      }
    }
  });

  it('has one object id per scope, in snake case with the unit last where there is one', () => {
    for (const scope of ['site', 'phase', 'device'] as const) {
      const objects = ENTITIES.filter((r) => r.scope === scope).map((r) => r.object);
      assert.equal(new Set(objects).size, objects.length, `duplicate ${scope} object ids`);
    }
    for (const row of ENTITIES) {
      assert.match(row.object, /^[a-z0-9_{}]+$/, row.object);
      if (row.unit === 'A' || row.unit === 'W' || row.unit === 'V' || row.unit === 'kWh') {
        assert.ok(row.object.endsWith(`_${row.unit.toLowerCase()}`), `${row.object} should end in its unit`);
      }
    }
  });

  it('is documented in docs/mqtt.md, row by row', () => {
    const docs = readFileSync(new URL('../../../docs/mqtt.md', import.meta.url), 'utf8');
    for (const row of ENTITIES) {
      const object = row.object.replace('{phase}', 'l1');
      assert.ok(docs.includes(`\`${object}\``), `docs/mqtt.md does not mention \`${object}\``);
    }
  });

  it('gives settings, and only settings, a command', () => {
    for (const row of ENTITIES) {
      const settable = row.component === 'select' || row.component === 'number';
      assert.equal(row.scope !== 'phase' && row.command !== undefined, settable, row.object);
    }
  });
});

describe('discovery payloads', () => {
  it('carry unique_id, state_topic, availability and device, on <prefix>/<component>/<node>/<object>/config', () => {
    const entities = build();
    const ids = new Set<string>();
    for (const e of entities) {
      assert.match(
        e.discoveryTopic,
        /^homeassistant\/(sensor|binary_sensor|select|number)\/ampshare\/[A-Za-z0-9_-]+\/config$/,
      );
      assert.equal(e.discovery.unique_id, e.uniqueId);
      assert.equal(e.discovery.state_topic, e.stateTopic);
      assert.equal(e.discovery.availability_topic, 'ampshare/status');
      assert.ok(e.discovery.device, e.uniqueId);
      assert.deepEqual(e.discovery.origin, { name: 'ampshare', sw_version: '0.1.0' });
      assert.ok(!ids.has(e.uniqueId), `duplicate unique_id ${e.uniqueId}`);
      ids.add(e.uniqueId);
      // A JSON round trip keeps everything (no functions, no undefined).
      assert.deepEqual(JSON.parse(JSON.stringify(e.discovery)), e.discovery);
    }
  });

  it('make a select for each mode and numbers with the configured range', () => {
    const entities = build();
    const mode = byTopic(entities, 'ampshare/devices/car1/mode');
    assert.equal(mode.discovery.command_topic, 'ampshare/devices/car1/mode/set');
    assert.deepEqual(mode.discovery.options, ['off', 'now', 'minpv', 'pv', 'planned']);
    assert.match(mode.discoveryTopic, /^homeassistant\/select\//);

    const maxA = byTopic(entities, 'ampshare/devices/car1/max_a');
    assert.deepEqual(
      [maxA.discovery.min, maxA.discovery.max, maxA.discovery.step, maxA.discovery.mode],
      [6, 32, 0.1, 'box'],
    );
    assert.equal(maxA.discovery.device_class, 'current');
    assert.equal(maxA.discovery.unit_of_measurement, 'A');
    assert.equal(maxA.discovery.state_class, undefined, 'numbers have no state_class');

    const limit = byTopic(entities, 'ampshare/site/limit_a');
    assert.deepEqual([limit.discovery.min, limit.discovery.max], [0, 25]);
    assert.equal(limit.discovery.command_topic, 'ampshare/site/limit_a/set');
  });

  it('use the device classes and state classes Home Assistant expects', () => {
    const entities = build();
    const expect = (topic: string, deviceClass: string, stateClass: string | undefined, unit: string) => {
      const d = byTopic(entities, topic).discovery;
      assert.deepEqual(
        [d.device_class, d.state_class, d.unit_of_measurement],
        [deviceClass, stateClass, unit],
        topic,
      );
    };
    expect('ampshare/site/current_l2_a', 'current', 'measurement', 'A');
    expect('ampshare/site/voltage_l3_v', 'voltage', 'measurement', 'V');
    expect('ampshare/site/import_w', 'power', 'measurement', 'W');
    expect('ampshare/site/energy_import_kwh', 'energy', 'total_increasing', 'kWh');
    expect('ampshare/devices/car1/session_energy_kwh', 'energy', 'total_increasing', 'kWh');
    const status = byTopic(entities, 'ampshare/devices/car1/status').discovery;
    assert.equal(status.device_class, 'enum');
    assert.deepEqual(status.options, ['running', 'paused', 'off', 'disconnected', 'failsafe']);
    const failsafe = entities.find((e) => e.stateTopic === 'ampshare/site/failsafe');
    assert.match(failsafe?.discoveryTopic ?? '', /^homeassistant\/binary_sensor\//);
  });

  it('group entities per device, each device via the site', () => {
    const entities = build();
    const car = byTopic(entities, 'ampshare/devices/car1/setpoint_a').discovery.device as Record<
      string,
      unknown
    >;
    const site = byTopic(entities, 'ampshare/site/import_w').discovery.device as Record<string, unknown>;
    assert.deepEqual(car.identifiers, ['ampshare_device_car1']);
    assert.equal(car.via_device, 'ampshare_site');
    assert.deepEqual(site.identifiers, ['ampshare_site']);
  });

  it('leave out rows that do not apply: other kinds, phases the site does not have', () => {
    const state = sampleState({ site: { ...sampleState().site, phases: 1 } });
    const topicsOut = build(state).map((e) => e.stateTopic);
    assert.ok(topicsOut.includes('ampshare/site/current_l1_a'));
    assert.ok(!topicsOut.includes('ampshare/site/current_l2_a'));
    assert.ok(topicsOut.includes('ampshare/devices/car1/max_a'));
    assert.ok(!topicsOut.includes('ampshare/devices/heatpump/max_a'));
    assert.ok(!topicsOut.includes('ampshare/devices/heatpump/vehicle_connected'));
    assert.ok(topicsOut.includes('ampshare/devices/battery/soc'));
  });

  it('refuse device ids that would share a Home Assistant id', () => {
    const devices: LiveDevice[] = [aDevice({ id: 'car.1' }), aDevice({ id: 'car_1' })];
    assert.throws(() => build(sampleState({ devices }), []), /car_1.*unique_id|unique_id.*car_1/);
  });
});

describe('state payloads', () => {
  it('are plain text: rounded numbers, ON/OFF, None for a missing value, max for per-phase devices', () => {
    const state = sampleState({ failsafe: true, pvW: null });
    const devices = new Map(state.devices.map((d) => [d.id, d]));
    const payload = (topic: string): string => byTopic(build(state), topic).payload(state, devices);
    assert.equal(payload('ampshare/site/failsafe'), 'ON');
    assert.equal(payload('ampshare/site/pv_w'), 'None');
    assert.equal(payload('ampshare/site/quarter_hour_average_w'), '2800');
    assert.equal(payload('ampshare/site/energy_import_kwh'), '12345.678');
    assert.equal(payload('ampshare/site/headroom_l3_a'), '8.2');
    assert.equal(payload('ampshare/devices/car1/measured_a'), '10.1');
    assert.equal(payload('ampshare/devices/car1/mode'), 'now');
    assert.equal(payload('ampshare/devices/car1/available'), 'ON');
  });

  it('say None when the meter or peak control is absent', () => {
    const state = sampleState({ meter: null, quarterHour: null });
    const devices = new Map(state.devices.map((d) => [d.id, d]));
    const entities = build(state);
    assert.equal(byTopic(entities, 'ampshare/site/current_l1_a').payload(state, devices), 'None');
    assert.equal(byTopic(entities, 'ampshare/site/peak_target_w').payload(state, devices), 'None');
  });

  it('format values', () => {
    const cases: [unknown, number | undefined, string][] = [
      [null, undefined, 'None'],
      [undefined, undefined, 'None'],
      [Number.NaN, undefined, 'None'],
      [true, undefined, 'ON'],
      [false, undefined, 'OFF'],
      [1.23456, undefined, '1.23'],
      [1.5, 0, '2'],
      [-0.001, 2, '0'],
      ['running', undefined, 'running'],
      ['', undefined, 'None'],
    ];
    for (const [value, decimals, expected] of cases) assert.equal(formatValue(value, decimals), expected);
    assert.equal(formatValue('x'.repeat(400)).length, MAX_STATE_LENGTH, 'HA keeps at most 255 characters');
  });
});

describe('command payloads', () => {
  it('parse what Home Assistant and people send', () => {
    assert.equal(parseMode(commandText(Buffer.from('PV'))), 'pv');
    assert.equal(parseMode(commandText(Buffer.from('"minpv"\n'))), 'minpv');
    assert.equal(parseNumber(commandText(' 16.0 ')), 16);
    assert.equal(parseInteger('3'), 3);
    assert.equal(parseOptionalNumber('none'), null);
    assert.equal(parseOptionalNumber('20'), 20);
    assert.equal(parsePeakTarget('monthPeak'), 'monthPeak');
    assert.equal(parsePeakTarget('NULL'), null);
    assert.equal(parsePeakTarget('3500'), 3500);
  });

  it('refuse what does not fit, naming it', () => {
    const bad: [() => unknown, RegExp][] = [
      [() => parseMode('fast'), /one of off, now, minpv, pv, planned.*"fast"/],
      [() => parseNumber(''), /expected a number/],
      [() => parseNumber('abc'), /expected a number, got "abc"/],
      [() => parseNumber('Infinity'), /expected a number/],
      [() => parseInteger('2.5'), /whole number/],
      [() => parseOptionalNumber(''), /expected a number/],
      [() => commandText('"unterminated'), /not a JSON string/],
    ];
    for (const [parse, message] of bad)
      assert.throws(parse, (e: unknown) => e instanceof PayloadError && message.test(e.message));
  });
});

describe('the mqtt config section', () => {
  it('fills the defaults', () => {
    const config = mqttConfigSchema.parse({ url: 'mqtt://broker.local' });
    assert.equal(config.baseTopic, 'ampshare');
    assert.equal(config.discovery, true);
    assert.equal(config.discoveryPrefix, 'homeassistant');
    assert.equal(config.retain, true);
    assert.equal(config.publishEveryS, 1);
    assert.equal(config.reconnectS, 5);
    assert.match(config.clientId, /^ampshare-/);
  });

  it('refuses unknown keys, other schemes and wildcards in topics', () => {
    const bad = [
      { url: 'mqtt://broker.local', retained: true },
      { url: 'http://broker.local' },
      { url: 'mqtt://broker.local/path' },
      { url: 'mqtt://broker.local', baseTopic: 'home/#' },
      { url: 'mqtt://broker.local', baseTopic: 'home/' },
      { url: 'mqtt://broker.local', publishEveryS: -1 },
    ];
    for (const input of bad)
      assert.equal(mqttConfigSchema.safeParse(input).success, false, JSON.stringify(input));
    assert.equal(
      mqttConfigSchema.safeParse({ url: 'mqtts://user:pw@broker.local:8883', baseTopic: 'home/ampshare' })
        .success,
      true,
    );
  });
});
