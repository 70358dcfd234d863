// The API end to end: the real controller (TCP meter, OCPP central system, a real 1.6 station),
// its real HTTP server on a loopback port, real HTTP requests and a real WebSocket client.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { LiveState } from '../model/live.js';
import { closeSites, startSite, type SiteRig } from '../runtime/test-support/site-rig.js';
import { liveStateSchema, storedEventSchema } from './schemas.js';

const YAML = (extra = '') => `
ocpp: { port: 0, host: 127.0.0.1 }
server: { port: 0${extra} }
site: { phases: 3, fuseA: 25, marginA: 1, staleAfterS: 3, increaseDelayS: 0, rampAPerS: 100 }
devices:
  - { id: cp1, kind: charger, driver: ocpp, stationId: CP-1, phases: [L1, L2, L3], maxA: 16 }
`;

const dirs: string[] = [];
afterEach(closeSites);
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function site(extra = ''): Promise<{ rig: SiteRig; base: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ampshare-api-'));
  dirs.push(dataDir);
  const rig = await startSite(YAML(extra), [{ id: 'CP-1', protocol: 'ocpp1.6' }], undefined, { dataDir });
  const port = rig.controller.httpPort;
  assert.ok(port !== null && port > 0, 'the server listens');
  return { rig, base: `http://127.0.0.1:${port}`, dataDir };
}

const json = async (res: Response) => ({
  status: res.status,
  body: (await res.json()) as Record<string, unknown>,
});
const patch = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('HTTP API', () => {
  it('serves the live state after each cycle, in the documented shape', async () => {
    const { rig, base } = await site();
    const before = await fetch(`${base}/api/state`);
    assert.equal(before.status, 503, 'no cycle yet');
    await rig.feed(5);
    const { status, body } = await json(await fetch(`${base}/api/state`));
    assert.equal(status, 200);
    const state = liveStateSchema.parse(body);
    assert.equal(state.devices[0]!.id, 'cp1');
    assert.equal(state.circuits[0]!.id, 'main');
    assert.equal(state.circuits[0]!.limitA, 25);
    assert.equal(state.meter?.source.startsWith('tcp'), true);
    await rig.feed(5);
    const again = liveStateSchema.parse((await json(await fetch(`${base}/api/state`))).body);
    assert.ok(again.cycle > state.cycle, 'a new cycle, a new state');
    const device = await json(await fetch(`${base}/api/devices/cp1`));
    assert.equal(device.body['id'], 'cp1');
    assert.equal((await fetch(`${base}/api/devices/nope`)).status, 404);
    const reading = await json(await fetch(`${base}/api/reading`));
    assert.equal(reading.status, 200);
    assert.ok(Array.isArray(reading.body['phases']));
  });

  it('a mode change is validated, applied in the next cycle, persisted and recorded', async () => {
    const { rig, base, dataDir } = await site();
    await rig.feed(5);
    const bad = await json(await patch(`${base}/api/devices/cp1`, { maxA: 40 }));
    assert.equal(bad.status, 400);
    assert.equal(bad.body['field'], 'devices.cp1.maxA');
    assert.match(String(bad.body['error']), /6–16 A/);
    const unknown = await json(await patch(`${base}/api/devices/cp1`, { colour: 'red' }));
    assert.equal(unknown.status, 400);
    assert.match(String(unknown.body['error']), /unknown key colour/);

    const ok = await json(await patch(`${base}/api/devices/cp1`, { mode: 'off' }));
    assert.equal(ok.status, 200);
    assert.equal(ok.body['mode'], 'off');
    await rig.feed(5);
    const state = (await json(await fetch(`${base}/api/state`))).body as unknown as LiveState;
    assert.equal(state.devices[0]!.mode, 'off');
    assert.equal(state.devices[0]!.setpointA, 0, 'off: no current');
    const saved = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'));
    assert.deepEqual(saved.devices.cp1, { mode: 'off' });
    const events = (await json(await fetch(`${base}/api/events?type=settings.changed`))).body;
    const list = (events['events'] as unknown[]).map((e) => storedEventSchema.parse(e));
    assert.equal(list.length, 1);
    assert.match(list[0]!.message, /device cp1: mode now → off/);
  });

  it('a lower site limit binds from the next cycle', async () => {
    const { rig, base } = await site();
    await rig.feed(5);
    const res = await json(await patch(`${base}/api/site`, { limitA: 12 }));
    assert.equal(res.status, 200);
    await rig.feed(5);
    const state = (await json(await fetch(`${base}/api/state`))).body as unknown as LiveState;
    assert.equal(state.site.limitA, 12);
    assert.ok(state.devices[0]!.setpointA <= 12 - 1 - 5, `cp1 at ${state.devices[0]!.setpointA} A`);
    assert.equal((await json(await patch(`${base}/api/site`, { limitA: 30 }))).status, 400);
  });

  it('streams the state every cycle and events over the WebSocket', async () => {
    const { rig, base } = await site();
    await rig.feed(5);
    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/live`);
    const messages: { type: string; state?: LiveState; event?: { type: string } }[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const first = await waitFor(() => messages.find((m) => m.type === 'state'));
    await rig.feed(8);
    await waitFor(() => messages.find((m) => m.type === 'state' && m.state!.cycle > first.state!.cycle));
    await patch(`${base}/api/devices/cp1`, { priority: 3 });
    await waitFor(() => messages.find((m) => m.type === 'event' && m.event!.type === 'settings.changed'));
    socket.close();
  });

  it('answers history, events and CSV from the store in the data directory', async () => {
    const { rig, base } = await site();
    for (let i = 0; i < 5; i++) await rig.feed(5 + i);
    const state = (await json(await fetch(`${base}/api/state`))).body as unknown as LiveState;
    const range = `fromMs=${state.atMs - 60_000}&toMs=${state.atMs + 1000}`;
    const history = (await json(await fetch(`${base}/api/history?resolution=second&${range}`))).body;
    const points = history['points'] as { tMs: number; phaseA: number[] }[];
    assert.equal(points.length, 5, 'one point per cycle');
    assert.ok(points.at(-1)!.phaseA[0]! > points[0]!.phaseA[0]!, 'the house load rose');
    const csv = await fetch(`${base}/api/export/samples.csv?resolution=second&${range}`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    assert.equal(lines.length, 1 + 5, 'a header and a row per second');
    const tooLong = await json(
      await fetch(`${base}/api/history?resolution=second&fromMs=0&toMs=${state.atMs}`),
    );
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.body['field'], 'resolution');
    const events = (await json(await fetch(`${base}/api/events?limit=500`))).body['events'] as {
      type: string;
    }[];
    assert.ok(events.some((e) => e.type === 'controller.started'));
    assert.ok(events.some((e) => e.type === 'ocpp.booted'));
    assert.equal((await fetch(`${base}/api/export/nothing.csv`)).status, 404);
  });

  it('serves an OpenAPI 3.1 document and Prometheus metrics', async () => {
    const { rig, base } = await site();
    await rig.feed(5);
    const doc = (await json(await fetch(`${base}/api/openapi.json`))).body;
    assert.equal(doc['openapi'], '3.1.0');
    const paths = Object.keys(doc['paths'] as object);
    for (const p of ['/api/state', '/api/devices/{id}', '/api/site', '/api/history', '/metrics'])
      assert.ok(paths.includes(p), p);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /ampshare_circuit_limit_amperes\{circuit="main"\} 25/);
    assert.match(metrics, /ampshare_device_setpoint_amperes\{device="cp1"\} \d/);
    assert.match(metrics, /ampshare_cycles_total\{trigger="telegram"\} [1-9]/);
  });

  it('with a token: writes and reads need it; without one, writes must be JSON from a loopback Host', async () => {
    const { rig, base } = await site(', token: "0123456789abcdef-test"');
    await rig.feed(5);
    assert.equal((await fetch(`${base}/api/state`)).status, 401);
    assert.equal((await patch(`${base}/api/devices/cp1`, { mode: 'off' })).status, 401);
    assert.equal(
      (await patch(`${base}/api/devices/cp1`, { mode: 'off' }, { authorization: 'Bearer wrong-token-xxxxx' }))
        .status,
      401,
    );
    const auth = { authorization: 'Bearer 0123456789abcdef-test' };
    assert.equal((await fetch(`${base}/api/state`, { headers: auth })).status, 200);
    assert.equal((await patch(`${base}/api/devices/cp1`, { mode: 'off' }, auth)).status, 200);
    await closeSites();

    const open = await site();
    await open.rig.feed(5);
    const form = await fetch(`${open.base}/api/devices/cp1`, {
      method: 'PATCH',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ mode: 'off' }),
    });
    assert.equal(form.status, 415, 'a cross-site form cannot write');
    // fetch may not set Host; node:http may.
    const rebound = await new Promise<number>((resolve, reject) =>
      request(`${open.base}/api/state`, { headers: { host: 'evil.example:7070' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end(),
    );
    assert.equal(rebound, 403, 'a DNS-rebinding Host is refused');
  });
});

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
