// The bridge's rules with a stand-in client: what goes out when, and what a command turns into.
// bridge.test.ts runs the same bridge against a real Mosquitto.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LiveDevice, LiveState } from '../../model/live.js';
import { SettingsError } from '../../runtime/commands.js';
import { EventBus } from '../../runtime/events.js';
import { silentLogger } from '../../runtime/log.js';
import { MqttBridge } from './bridge.js';
import { mqttConfigSchema, type MqttConfigInput } from './config.js';
import { FakeClient } from './test-support/fake-client.js';
import { RecordingCommands, type RecordedCall } from './test-support/recording-commands.js';
import { SAMPLE_LIMITS, sampleState } from './test-support/sample-state.js';

async function rig(config: Partial<MqttConfigInput> = {}, check?: (call: RecordedCall) => void) {
  const clients: FakeClient[] = [];
  const bus = new EventBus((error) => {
    throw error;
  });
  const commands = new RecordingCommands(check);
  const bridge = await MqttBridge.start({
    config: mqttConfigSchema.parse({ url: 'mqtt://broker.test', clientId: 'test', ...config }),
    bus,
    commands,
    devices: SAMPLE_LIMITS,
    log: silentLogger,
    connect: FakeClient.factory(clients),
    now: () => Date.UTC(2025, 5, 1, 10, 0, 0),
  });
  const client = clients[0]!;
  let state = sampleState();
  /** Emits state.updated `afterS` seconds after the previous one, with `change` applied. */
  const cycle = (afterS: number, change: (s: LiveState) => LiveState = (s) => s): void => {
    const atMs = state.atMs + afterS * 1000;
    state = change({ ...state, atMs, at: new Date(atMs).toISOString(), cycle: state.cycle + 1 });
    bus.emit({ type: 'state.updated', state });
  };
  return { bridge, client, bus, commands, cycle };
}

const withCar = (s: LiveState, change: Partial<LiveDevice> & Pick<LiveDevice, 'id'>): LiveState => ({
  ...s,
  devices: s.devices.map((d) => (d.id === change.id ? { ...d, ...change } : d)),
});

describe('MqttBridge rules', () => {
  it('connects with a retained last will, goes online and subscribes to commands and HA birth', async () => {
    const { client } = await rig({ reconnectS: 2 });
    assert.deepEqual(client.options.will, {
      topic: 'ampshare/status',
      payload: Buffer.from('offline'),
      qos: 1,
      retain: true,
    });
    assert.equal(client.options.reconnectPeriod, 2000);
    client.connect();
    assert.deepEqual(client.sent('ampshare/status'), [
      { topic: 'ampshare/status', payload: 'online', qos: 1, retain: true },
    ]);
    assert.deepEqual(client.subscribed, [
      'ampshare/site/+/set',
      'ampshare/devices/+/+/set',
      'homeassistant/status',
    ]);
    assert.equal(client.sent('homeassistant').length, 0, 'no discovery before the first state');
  });

  it('announces on the first state, then publishes every value once, retained', async () => {
    const { client, cycle } = await rig();
    client.connect();
    cycle(0);
    const configs = client.sent('homeassistant');
    assert.ok(configs.length > 40, `only ${configs.length} configs`);
    assert.ok(configs.every((p) => p.retain && p.qos === 1 && p.topic.endsWith('/config')));
    const values = client.sent('ampshare/site').concat(client.sent('ampshare/devices'));
    assert.equal(values.length, configs.length, 'one state topic per entity');
    assert.ok(values.every((p) => p.retain && p.qos === 0));
    const from = client.published.length;
    cycle(1);
    assert.equal(client.published.length, from, 'nothing changed, nothing sent');
  });

  it('holds measurements to publishEveryS but sends setpoints and statuses at once', async () => {
    const { client, cycle } = await rig({ publishEveryS: 10 });
    client.connect();
    cycle(0);
    let from = client.published.length;
    cycle(1, (s) => withCar({ ...s, gridPowerW: 5000 }, { id: 'car1', setpointA: 16, status: 'paused' }));
    assert.deepEqual(
      client.sent('ampshare', from).map((p) => `${p.topic}=${p.payload}`),
      ['ampshare/devices/car1/setpoint_a=16', 'ampshare/devices/car1/status=paused'],
    );
    from = client.published.length;
    cycle(9, (s) => ({ ...s, gridPowerW: 5100 }));
    assert.deepEqual(
      client.sent('ampshare', from).map((p) => `${p.topic}=${p.payload}`),
      ['ampshare/site/grid_w=5100'],
      'the latest value once the period is over',
    );
  });

  it('publishes every cycle with publishEveryS 0', async () => {
    const { client, cycle } = await rig({ publishEveryS: 0 });
    client.connect();
    cycle(0);
    for (const gridW of [1, 2, 3]) {
      const from = client.published.length;
      cycle(0.1, (s) => ({ ...s, gridPowerW: gridW }));
      assert.deepEqual(
        client.sent('ampshare/site/grid_w', from).map((p) => p.payload),
        [String(gridW)],
      );
    }
  });

  it('announces again on Home Assistant birth and resends every state on the next cycle', async () => {
    const { client, cycle } = await rig();
    client.connect();
    cycle(0);
    const entities = client.sent('homeassistant').length;
    let from = client.published.length;
    client.deliver('homeassistant/status', 'offline');
    assert.equal(client.published.length, from, 'HA going away changes nothing');
    client.deliver('homeassistant/status', 'online');
    assert.equal(client.sent('homeassistant', from).length, entities);
    from = client.published.length;
    cycle(0.2);
    assert.equal(
      client.sent('ampshare/site', from).length + client.sent('ampshare/devices', from).length,
      entities,
    );
  });

  it('after a reconnection: online, discovery and every state again, and the events kept meanwhile', async () => {
    const { client, cycle, bus } = await rig();
    client.connect();
    cycle(0);
    client.drop();
    cycle(1);
    bus.emit({ type: 'meter.stale', ageS: 5, staleAfterS: 3, message: 'no telegram for 5 s' });
    const from = client.published.length;
    client.connect();
    const after = client.published.slice(from);
    assert.equal(after[0]?.payload, 'online');
    assert.ok(client.sent('homeassistant', from).length > 40);
    assert.ok(client.sent('ampshare/site/import_w', from).length === 1);
    const events = client
      .sent('ampshare/events', from)
      .map((p) => JSON.parse(p.payload) as Record<string, unknown>);
    assert.deepEqual(
      events.map((e) => [e.type, e.message]),
      [['meter.stale', 'no telegram for 5 s']],
    );
  });

  it('publishes events with describeEvent’s sentence, but not the per-cycle ones', async () => {
    const { client, bus } = await rig();
    client.connect();
    const from = client.published.length;
    bus.emit({
      type: 'device.setpoint',
      deviceId: 'car1',
      setpointA: 10,
      phases: ['L1'],
      status: 'running',
      reason: 'surplus',
      limitedBy: null,
      previousA: 16,
    });
    bus.emit({ type: 'state.updated', state: sampleState() });
    const events = client.sent('ampshare/events', from);
    assert.equal(events.length, 1);
    const event = JSON.parse(events[0]!.payload) as Record<string, unknown>;
    assert.equal(event.type, 'device.setpoint');
    assert.equal(event.message, 'car1 16 A → 10 A running on L1: surplus');
    assert.equal(event.at, '2025-06-01T10:00:00.000Z');
    assert.deepEqual((event.data as Record<string, unknown>).deviceId, 'car1');
    assert.equal(events[0]!.retain, false);
  });

  it('turns commands into Commands calls with origin mqtt', async () => {
    const { client, commands } = await rig();
    client.connect();
    client.deliver('ampshare/devices/car1/mode/set', 'pv');
    client.deliver('ampshare/devices/car1/max_a/set', '13.5');
    client.deliver('ampshare/devices/heatpump/priority/set', '2');
    client.deliver('ampshare/site/limit_a/set', 'none');
    client.deliver('ampshare/site/peak_target_w/set', 'monthPeak');
    client.deliver('ampshare/site/margin_a/set', '1.5');
    assert.deepEqual(commands.calls, [
      { kind: 'device', deviceId: 'car1', change: { mode: 'pv' }, origin: 'mqtt' },
      { kind: 'device', deviceId: 'car1', change: { maxA: 13.5 }, origin: 'mqtt' },
      { kind: 'device', deviceId: 'heatpump', change: { priority: 2 }, origin: 'mqtt' },
      { kind: 'site', change: { limitA: null }, origin: 'mqtt' },
      { kind: 'site', change: { peakTargetW: 'monthPeak' }, origin: 'mqtt' },
      { kind: 'site', change: { marginA: 1.5 }, origin: 'mqtt' },
    ]);
  });

  it('answers bad commands on BASE/error and carries on', async () => {
    const refuse = (call: RecordedCall): void => {
      if (call.kind === 'device' && call.deviceId === 'ghost')
        throw new SettingsError('devices.ghost', 'no such device', 404);
    };
    const { client, commands } = await rig({}, refuse);
    client.connect();
    client.deliver('ampshare/devices/car1/mode/set', 'turbo');
    client.deliver('ampshare/devices/car1/colour/set', 'red');
    client.deliver('ampshare/devices/ghost/mode/set', 'pv');
    client.deliver('ampshare/devices/car1/mode/set', 'pv', true);
    client.deliver('ampshare/site/limit_a/set', '');
    const errors = client.sent('ampshare/error').map((p) => JSON.parse(p.payload) as Record<string, unknown>);
    assert.equal(errors.length, 5);
    assert.match(String(errors[0]?.error), /one of off, now, minpv, pv, planned/);
    assert.equal(errors[0]?.topic, 'ampshare/devices/car1/mode/set');
    assert.equal(errors[0]?.payload, 'turbo');
    assert.match(String(errors[1]?.error), /no device setting "colour"/);
    assert.deepEqual([errors[2]?.field, errors[2]?.status], ['devices.ghost', 404]);
    assert.match(String(errors[3]?.error), /retained commands are ignored/);
    assert.match(String(errors[4]?.error), /expected a number/);
    assert.ok(client.sent('ampshare/error').every((p) => !p.retain));
    client.deliver('ampshare/devices/car1/mode/set', 'off');
    assert.deepEqual(commands.calls.at(-1), {
      kind: 'device',
      deviceId: 'car1',
      change: { mode: 'off' },
      origin: 'mqtt',
    });
    assert.equal(
      commands.calls.length,
      2,
      'only ghost (refused by Commands) and the last one reached Commands',
    );
  });

  it('publishes no discovery when it is switched off', async () => {
    const { client, cycle } = await rig({ discovery: false });
    client.connect();
    cycle(0);
    assert.equal(client.sent('homeassistant').length, 0);
    assert.ok(!client.subscribed.includes('homeassistant/status'));
    assert.ok(client.sent('ampshare/site/import_w').length === 1);
  });

  it('says offline on stop and stops listening', async () => {
    const { client, cycle, bridge } = await rig();
    client.connect();
    await bridge.stop();
    assert.deepEqual(client.sent('ampshare/status').at(-1), {
      topic: 'ampshare/status',
      payload: 'offline',
      qos: 1,
      retain: true,
    });
    assert.ok(client.ended);
    const from = client.published.length;
    cycle(1);
    assert.equal(client.published.length, from);
    await bridge.stop();
  });

  it('refuses device ids that would collide in Home Assistant', async () => {
    await assert.rejects(
      MqttBridge.start({
        config: mqttConfigSchema.parse({ url: 'mqtt://broker.test' }),
        bus: new EventBus(),
        commands: new RecordingCommands(),
        devices: [
          { id: 'car.1', kind: 'charger', minA: 6, maxA: 16 },
          { id: 'car_1', kind: 'charger', minA: 6, maxA: 16 },
        ],
        log: silentLogger,
        connect: FakeClient.factory([]),
      }),
      /"car.1" and "car_1" both become "car_1"/,
    );
  });
});
