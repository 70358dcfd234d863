// The MQTT sink against a real Mosquitto on loopback: JSON on the configured topic at QoS 1, and a
// broker that is gone makes a retryable failure, not a hang or a throw into the bus.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectAsync, type MqttClient } from 'mqtt';
import { startMosquitto, type Mosquitto } from '../../protocols/mqtt/test-support/mosquitto.js';
import { silentLogger } from '../../runtime/log.js';
import { notifyConfigSchema } from '../config.js';
import { aNotification, T0 } from '../test-support/builders.js';
import { createSink } from './index.js';
import { SinkError, type Sink } from './sink.js';

describe('MQTT sink', () => {
  let broker: Mosquitto;
  let listener: MqttClient;
  const messages: { topic: string; qos: number; retain: boolean; payload: string }[] = [];
  let arrived: (() => void) | null = null;

  before(async () => {
    broker = await startMosquitto();
    listener = await connectAsync(broker.url, { clientId: 'notify-test-listener' });
    await listener.subscribeAsync('ampshare/#', { qos: 1 });
    listener.on('message', (topic, payload, packet) => {
      messages.push({ topic, qos: packet.qos, retain: packet.retain, payload: payload.toString('utf8') });
      arrived?.();
    });
  });
  after(async () => {
    await listener.endAsync();
    await broker.stop();
  });

  const sinkFor = (spec: Record<string, unknown>): Sink => {
    const config = notifyConfigSchema.parse({ sinks: { bus: { mqtt: { url: broker.url, ...spec } } } });
    return createSink(config.sinks.bus!, { name: 'bus', log: silentLogger });
  };

  it('publishes the notification as JSON on the topic with QoS 1, waiting for the first connection', async () => {
    const sink = sinkFor({ topic: 'ampshare/notify', username: 'ampshare' });
    const got = new Promise<void>((resolve) => (arrived = resolve));
    await sink.send({ ...aNotification('overload', 0, 'circuit main L2'), title: 'Overload on main L2' });
    await got;
    await sink.close?.();
    const m = messages.at(-1);
    assert.equal(m?.topic, 'ampshare/notify');
    assert.equal(m?.qos, 1);
    assert.equal(m?.retain, false);
    const body = JSON.parse(m?.payload ?? '{}') as Record<string, unknown>;
    assert.equal(body.kind, 'overload');
    assert.equal(body.title, 'Overload on main L2');
    assert.equal(body.at, new Date(T0).toISOString());
    assert.deepEqual(body.counts, { overload: 1 });
  });

  it('fails retryably when it cannot reach the broker', async () => {
    const config = notifyConfigSchema.parse({
      sinks: { bus: { mqtt: { url: 'mqtt://127.0.0.1:1', topic: 'ampshare/notify', timeoutS: 0.3 } } },
    });
    const warnings: string[] = [];
    const sink = createSink(config.sinks.bus!, {
      name: 'bus',
      log: { ...silentLogger, warn: (m) => warnings.push(m) },
    });
    await assert.rejects(sink.send(aNotification('failsafe', 0)), (e: unknown) => {
      assert.ok(e instanceof SinkError);
      assert.equal(e.retryable, true);
      assert.match(e.message, /^bus: not connected to mqtt:\/\/127\.0\.0\.1:1 within 0\.3 s$/);
      return true;
    });
    await sink.close?.();
    assert.equal(warnings.length, 1, 'one warning, not one per reconnect attempt');
  });
});
