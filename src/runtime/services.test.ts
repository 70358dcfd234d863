// The controller's services together, end to end: a real OCPP station and TCP meter, a real
// Mosquitto broker, the real run-time settings. A Home Assistant command over MQTT changes the
// allocation in the next cycle, is persisted, and comes back out as state and as an event.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { startMosquitto, type Mosquitto } from '../protocols/mqtt/test-support/mosquitto.js';
import { Watcher } from '../protocols/mqtt/test-support/watcher.js';
import { closeSites, startSite } from './test-support/site-rig.js';

let broker: Mosquitto;
const dirs: string[] = [];
before(async () => {
  broker = await startMosquitto();
});
after(async () => {
  await broker.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(closeSites);

describe('controller with MQTT and settings', () => {
  it('a mode set over MQTT reaches the allocator, settings.json and the state topics', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ampshare-services-'));
    dirs.push(dataDir);
    const yaml = `
ocpp: { port: 0, host: 127.0.0.1 }
server: { enabled: false }
mqtt: { url: "${broker.url}", baseTopic: site1, publishEveryS: 0, reconnectS: 0.2 }
site: { phases: 3, fuseA: 25, marginA: 1, staleAfterS: 3, increaseDelayS: 0, rampAPerS: 100 }
devices:
  - { id: cp1, kind: charger, driver: ocpp, stationId: CP-1, phases: [L1, L2, L3], maxA: 16 }
`;
    const watcher = await Watcher.start(broker.url, ['site1/#', 'homeassistant/#']);
    after(() => watcher.client.endAsync());
    const rig = await startSite(yaml, [{ id: 'CP-1', protocol: 'ocpp1.6' }], undefined, { dataDir });
    const first = await rig.feed(4);
    assert.ok(first.result.devices[0]!.setpointA > 0);
    await watcher.next(
      (m) => m.topic.startsWith('homeassistant/select/') && m.topic.endsWith('/config'),
      'the mode select',
    );
    await watcher.value('site1/devices/cp1/mode', 'now');

    await watcher.client.publishAsync('site1/devices/cp1/mode/set', 'off', { qos: 1 });
    const changed = await rig.event('settings.changed');
    assert.equal(changed.origin, 'mqtt');
    assert.deepEqual(changed.changes, { mode: { from: 'now', to: 'off' } });
    const next = await rig.feed(4);
    assert.equal(next.result.devices[0]!.setpointA, 0, 'off from the next cycle');
    await watcher.value('site1/devices/cp1/mode', 'off');
    assert.deepEqual(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).devices.cp1, {
      mode: 'off',
    });

    await watcher.client.publishAsync('site1/devices/cp1/max_a/set', '99', { qos: 1 });
    const error = await watcher.next((m) => m.topic === 'site1/error', 'the error topic');
    assert.match(error.payload, /maxA/);
  });
});
