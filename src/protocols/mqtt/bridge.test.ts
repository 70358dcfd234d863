// The bridge against a real Mosquitto on a free loopback port (one broker for this file). Each test
// has its own base topic and discovery prefix, so retained messages of one do not reach another.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MqttClient } from 'mqtt';
import mqtt from 'mqtt';
import { EventBus } from '../../runtime/events.js';
import { lineLogger } from '../../runtime/log.js';
import { MqttBridge } from './bridge.js';
import { mqttConfigSchema } from './config.js';
import { startMosquitto, type Mosquitto } from './test-support/mosquitto.js';
import { RecordingCommands } from './test-support/recording-commands.js';
import { SAMPLE_LIMITS, sampleState } from './test-support/sample-state.js';
import { Watcher } from './test-support/watcher.js';

let broker: Mosquitto;
const cleanups: (() => Promise<void>)[] = [];

before(async () => {
  broker = await startMosquitto();
});
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await broker.stop();
});

let serial = 0;
async function rig() {
  serial++;
  const base = `test${serial}/ampshare`;
  const prefix = `ha${serial}`;
  const bus = new EventBus();
  const commands = new RecordingCommands();
  const logs: string[] = [];
  const clients: MqttClient[] = [];
  const bridge = await MqttBridge.start({
    config: mqttConfigSchema.parse({
      url: broker.url,
      clientId: `bridge-${serial}`,
      baseTopic: base,
      discoveryPrefix: prefix,
      publishEveryS: 0,
      reconnectS: 0.2,
    }),
    bus,
    commands,
    devices: SAMPLE_LIMITS,
    log: lineLogger((line) => logs.push(line)),
    connect: (url, options) => {
      const client = mqtt.connect(url, options);
      clients.push(client);
      return client;
    },
  });
  const watcher = await Watcher.start(broker.url, [`${base}/#`, `${prefix}/#`]);
  cleanups.push(
    () => bridge.stop(),
    () => watcher.stop(),
  );
  await watcher.value(`${base}/status`, 'online');
  return { base, prefix, bus, commands, bridge, watcher, logs, client: () => clients[0]! };
}

describe('MqttBridge with Mosquitto', () => {
  it('announces Home Assistant entities and publishes the state', async () => {
    const { base, prefix, bus, watcher } = await rig();
    bus.emit({ type: 'state.updated', state: sampleState() });
    const config = await watcher.next(
      (m) => m.topic === `${prefix}/select/${base.replace('/', '_')}/car1_mode/config`,
      'the mode select',
    );
    const select = JSON.parse(config.payload) as Record<string, unknown>;
    assert.equal(select.command_topic, `${base}/devices/car1/mode/set`);
    assert.equal(select.availability_topic, `${base}/status`);

    await watcher.value(`${base}/site/import_w`, '3210');
    await watcher.value(`${base}/site/current_l2_a`, '13');
    await watcher.value(`${base}/devices/car1/setpoint_a`, '10');
    await watcher.value(`${base}/devices/car1/mode`, 'now');
    const configs = watcher.messages.filter((m) => m.topic.startsWith(`${prefix}/`));
    assert.ok(configs.length > 40);
    for (const m of configs) {
      const payload = JSON.parse(m.payload) as Record<string, unknown>;
      assert.ok(payload.unique_id && payload.state_topic && payload.availability_topic, m.topic);
    }

    // A later subscriber gets the retained values at once.
    const late = await Watcher.start(broker.url, [`${base}/site/+`, `${prefix}/#`]);
    cleanups.push(() => late.stop());
    const retained = await late.value(`${base}/site/surplus_w`, '-3210');
    assert.equal(retained.retain, true);
    const retainedConfig = await late.next((m) => m.topic === config.topic, 'the retained mode select');
    assert.equal(retainedConfig.retain, true);
  });

  it('applies commands and answers bad ones on the error topic', async () => {
    const { base, commands, watcher } = await rig();
    const sender = await mqtt.connectAsync(broker.url);
    cleanups.push(() => sender.endAsync());
    await sender.publishAsync(`${base}/devices/car1/mode/set`, 'minpv', { qos: 1 });
    assert.deepEqual(await commands.nth(0), {
      kind: 'device',
      deviceId: 'car1',
      change: { mode: 'minpv' },
      origin: 'mqtt',
    });
    await sender.publishAsync(`${base}/devices/car1/max_a/set`, 'sixteen', { qos: 1 });
    const error = await watcher.next((m) => m.topic === `${base}/error`, 'the error report');
    assert.deepEqual(JSON.parse(error.payload), {
      topic: `${base}/devices/car1/max_a/set`,
      payload: 'sixteen',
      error: 'expected a number, got "sixteen"',
    });
    await sender.publishAsync(`${base}/site/limit_a/set`, '20', { qos: 1 });
    assert.deepEqual(await commands.nth(1), { kind: 'site', change: { limitA: 20 }, origin: 'mqtt' });
  });

  it('publishes events', async () => {
    const { base, bus, watcher } = await rig();
    bus.emit({ type: 'failsafe.entered', cause: 'meter', reason: 'no telegram for 5 s' });
    const event = await watcher.next((m) => m.topic === `${base}/events`, 'an event');
    const body = JSON.parse(event.payload) as Record<string, unknown>;
    assert.deepEqual([body.type, body.message], ['failsafe.entered', 'meter: no telegram for 5 s']);
    assert.equal(event.retain, false);
  });

  it('says offline through its last will when its connection dies, and comes back', async () => {
    const { base, watcher, client, bus } = await rig();
    bus.emit({ type: 'state.updated', state: sampleState() });
    await watcher.value(`${base}/site/import_w`, '3210');
    const from = watcher.messages.length;
    client().stream.destroy();
    await watcher.value(`${base}/status`, 'offline', { from });
    await watcher.value(`${base}/status`, 'online', { from });
  });

  it('says offline when stopped', async () => {
    const { base, watcher, bridge } = await rig();
    const from = watcher.messages.length;
    await bridge.stop();
    const offline = await watcher.value(`${base}/status`, 'offline', { from });
    assert.equal(offline.retain, false, 'live delivery');
  });

  // Last: it replaces the broker.
  it('reconnects after a broker restart and publishes everything again', async () => {
    const { base, prefix, bus, logs } = await rig();
    bus.emit({ type: 'state.updated', state: sampleState() });
    const first = await Watcher.start(broker.url, [`${base}/site/import_w`]);
    await first.value(`${base}/site/import_w`, '3210');
    await first.stop();

    await broker.stop();
    broker = await startMosquitto({ port: broker.port });
    // The new broker has no retained messages: whatever a new subscriber gets, the bridge sent again.
    const fresh = await Watcher.start(broker.url, [`${base}/#`, `${prefix}/#`]);
    cleanups.push(() => fresh.stop());
    await fresh.value(`${base}/status`, 'online', { timeoutMs: 8000 });
    await fresh.value(`${base}/site/import_w`, '3210');
    await fresh.next((m) => m.topic.startsWith(`${prefix}/sensor/`), 'a discovery config');
    assert.ok(
      logs.some((line) => line.startsWith('warn mqtt connection lost')),
      logs.join('\n'),
    );
  });
});
