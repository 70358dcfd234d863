// The central system over loopback: who gets in (security profiles 1 and 2, subprotocols), what a
// misbehaving station gets (CALLERRORs) and that one slow or broken station never holds up another.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lazyValidators, RPCClient } from './rpc-lib.js';
import { connector, open, station } from './test-support/cleanup.js';
import type { connectStation } from './test-support/harness.js';
import { bootV16, bootV201, startCsms } from './test-support/harness.js';

/** Connecting must fail; resolves to the error. */
async function refused(
  url: string,
  identity: string,
  options: Parameters<typeof connectStation>[2],
): Promise<Error> {
  const client = new RPCClient({
    endpoint: url,
    identity,
    protocols: [options.protocol],
    reconnect: false,
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...options.client,
  });
  open.push(() => client.close({ force: true }));
  return client.connect().then(
    () => assert.fail(`${identity} was let in`),
    (error: unknown) => error as Error,
  );
}

const PASSWORD = 'correct-horse-battery';

describe('who may connect', () => {
  it('runs with the lazy schema validators production uses (rpc-lib.ts), not the library’s eager ones', () => {
    assert.equal(lazyValidators, true);
  });

  it('serves ocpp1.6 and ocpp2.0.1 on one port, identified by the URL path', async () => {
    const h = await startCsms({ stations: { 'CP-16': {}, 'CP-201': {} } });
    open.push(() => h.close());
    await station(h.url, 'CP-16', { protocol: 'ocpp1.6' });
    await h.event('ocpp.connected', (e) => e.stationId === 'CP-16' && e.protocol === 'ocpp1.6');
    await station(h.url, 'CP-201', { protocol: 'ocpp2.0.1' });
    await h.event('ocpp.connected', (e) => e.stationId === 'CP-201' && e.protocol === 'ocpp2.0.1');
  });

  it('refuses a subprotocol it does not speak', async () => {
    const h = await startCsms();
    open.push(() => h.close());
    const client = new RPCClient({
      endpoint: h.url,
      identity: 'CP-X',
      protocols: ['ocpp2.1'],
      reconnect: false,
    });
    open.push(() => client.close({ force: true }));
    await assert.rejects(client.connect());
    const e = await h.event('ocpp.rejected');
    assert.match(e.reason, /no supported subprotocol/);
  });

  it('refuses stations it does not know unless told to accept them', async () => {
    const h = await startCsms({ acceptUnknown: false, stations: { 'CP-1': {} } });
    open.push(() => h.close());
    await refused(h.url, 'CP-2', { protocol: 'ocpp1.6' });
    assert.equal((await h.event('ocpp.rejected')).reason, 'unknown station');
    await station(h.url, 'CP-1', { protocol: 'ocpp1.6' });
  });

  it('security profile 1: basic auth with the identity as username and the station password', async () => {
    const h = await startCsms({ securityProfile: 1, stations: { 'CP-1': { password: PASSWORD } } });
    open.push(() => h.close());
    await refused(h.url, 'CP-1', { protocol: 'ocpp1.6' });
    assert.equal((await h.event('ocpp.rejected')).reason, 'basic auth missing');
    await refused(h.url, 'CP-1', { protocol: 'ocpp1.6', password: 'wrong-password-here' });
    assert.equal((await h.event('ocpp.rejected')).reason, 'wrong password');
    const otherUser = `Basic ${Buffer.from(`CP-2:${PASSWORD}`).toString('base64')}`;
    await refused(h.url, 'CP-1', { protocol: 'ocpp1.6', client: { headers: { authorization: otherUser } } });
    assert.equal(
      (await h.event('ocpp.rejected')).reason,
      'basic-auth username differs from the station identity',
    );
    await station(h.url, 'CP-1', { protocol: 'ocpp1.6', password: PASSWORD });
    await h.event('ocpp.connected');
  });

  it('security profile 2: TLS and basic auth; plain WebSocket refused', async (t) => {
    const tls = selfSignedCertificate();
    if (!tls) return t.skip('openssl is not installed');
    const h = await startCsms({ securityProfile: 2, stations: { 'CP-1': { password: PASSWORD } } });
    open.push(() => h.close());
    const https = createServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' });
    h.csms.attach(https);
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    open.push(() => new Promise((resolve) => https.close(resolve)));
    const port = (https.address() as AddressInfo).port;

    await refused(h.url, 'CP-1', { protocol: 'ocpp1.6', password: PASSWORD });
    assert.equal((await h.event('ocpp.rejected')).reason, 'security profile 2 requires TLS');
    const s = await station(`wss://127.0.0.1:${port}`, 'CP-1', {
      protocol: 'ocpp2.0.1',
      password: PASSWORD,
      client: { wsOpts: { ca: tls.cert, minVersion: 'TLSv1.2' } },
    });
    await bootV201(s);
    await h.event('ocpp.configured');
  });
});

describe('core messages', () => {
  it('boot answers Accepted with the heartbeat interval; heartbeat gives our time', async () => {
    const h = await startCsms({ heartbeatIntervalS: 120 });
    open.push(() => h.close());
    const s = await station(h.url, 'CP-1', { protocol: 'ocpp1.6' });
    assert.deepEqual(await bootV16(s), {
      status: 'Accepted',
      currentTime: '2025-06-01T10:00:00.000Z',
      interval: 120,
    });
    await h.clock.advance(1_500);
    assert.deepEqual(await s.client.call('Heartbeat', {}), { currentTime: '2025-06-01T10:00:01.500Z' });
    assert.deepEqual(await h.event('ocpp.booted'), {
      type: 'ocpp.booted',
      stationId: 'CP-1',
      vendor: 'TestVendor',
      model: 'T-16',
      firmware: null,
    });
  });

  it('authorizes only the listed idTags when given a list (1.6 and 2.0.1)', async () => {
    const h = await startCsms({ authorize: ['TAG-OK'] });
    open.push(() => h.close());
    const s16 = await station(h.url, 'CP-16', { protocol: 'ocpp1.6' });
    const s201 = await station(h.url, 'CP-201', { protocol: 'ocpp2.0.1' });
    assert.deepEqual(await s16.client.call('Authorize', { idTag: 'TAG-OK' }), {
      idTagInfo: { status: 'Accepted' },
    });
    assert.deepEqual(await s16.client.call('Authorize', { idTag: 'TAG-NO' }), {
      idTagInfo: { status: 'Invalid' },
    });
    const token = (idToken: string) => ({ idToken: { idToken, type: 'ISO14443' } });
    assert.deepEqual(await s201.client.call('Authorize', token('TAG-OK')), {
      idTokenInfo: { status: 'Accepted' },
    });
    assert.deepEqual(await s201.client.call('Authorize', token('TAG-NO')), {
      idTokenInfo: { status: 'Invalid' },
    });
  });
});

describe('misbehaving stations', () => {
  it('answers an invalid message with a CALLERROR and keeps serving others', async () => {
    const h = await startCsms();
    open.push(() => h.close());
    const good = await station(h.url, 'CP-GOOD', { protocol: 'ocpp1.6' });
    const bad = await station(h.url, 'CP-BAD', { protocol: 'ocpp1.6', strictMode: false });
    // chargePointModel is required (1.6 BootNotification.req).
    await assert.rejects(bad.client.call('BootNotification', { chargePointVendor: 'X' }), (error: Error) => {
      assert.equal(
        (error as Error & { rpcErrorCode?: string }).rpcErrorCode,
        'OccurrenceConstraintViolation',
      );
      return true;
    });
    const invalid = await h.event('ocpp.invalidMessage', (e) => e.stationId === 'CP-BAD');
    assert.equal(invalid.method, 'BootNotification');
    bad.client.sendRaw('[2, "not json');
    await h.event('ocpp.invalidMessage', (e) => e.stationId === 'CP-BAD' && e.method === null);
    // The bad station is still connected and the good one is served as usual.
    await bootV16(bad);
    await bootV16(good);
    await h.event('ocpp.configured', (e) => e.stationId === 'CP-GOOD');
  });

  it('a station that never answers does not hold up another', async () => {
    const h = await startCsms({ callTimeoutS: 30 });
    open.push(() => h.close());
    const dead = await station(h.url, 'CP-DEAD', {
      protocol: 'ocpp1.6',
      answer: { SetChargingProfile: () => new Promise(() => {}) },
    });
    const live = await station(h.url, 'CP-LIVE', { protocol: 'ocpp1.6' });
    const deadHandle = connector(h.csms, 'CP-DEAD');
    const liveHandle = connector(h.csms, 'CP-LIVE');
    await bootV16(dead);
    await dead.take('SetChargingProfile');
    deadHandle.setLimit({ currentA: 10, phases: 3 });
    await bootV16(live);
    liveHandle.setLimit({ currentA: 10, phases: 3 });
    // The live station's profiles arrive while the dead one's first call is still unanswered
    // (its timeout is 30 s; take() gives up after 3).
    await live.take('SetChargingProfile');
    await h.event('ocpp.limitAccepted', (e) => e.stationId === 'CP-LIVE');
  });

  it('reports a refused charging profile', async () => {
    const h = await startCsms();
    open.push(() => h.close());
    const s = await station(h.url, 'CP-1', {
      protocol: 'ocpp1.6',
      answer: { SetChargingProfile: () => ({ status: 'Rejected' }) },
    });
    const handle = connector(h.csms, 'CP-1');
    await bootV16(s);
    const e = await h.event('ocpp.profileRejected');
    assert.deepEqual(e, {
      type: 'ocpp.profileRejected',
      stationId: 'CP-1',
      connectorId: 1,
      purpose: 'TxDefaultProfile',
      status: 'Rejected',
    });
    assert.equal(handle.snapshot().held, null);
    assert.equal(handle.snapshot().refusal, 'Rejected');
    assert.deepEqual(await h.csms.failsafe(), { connectors: 1, failed: 1 });
  });

  it('configures a station that reconnects without a BootNotification after the boot wait', async () => {
    const h = await startCsms({ bootWaitS: 3 });
    open.push(() => h.close());
    const s = await station(h.url, 'CP-1', { protocol: 'ocpp1.6' });
    await h.event('ocpp.connected');
    await h.clock.advance(3_000);
    await s.take('GetConfiguration');
    await h.event('ocpp.configured');
  });
});

/** A throwaway certificate for 127.0.0.1, or null without openssl. */
function selfSignedCertificate(): { cert: string; key: string } | null {
  const dir = mkdtempSync(join(tmpdir(), 'ampshare-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1']
        .concat(['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'])
        .concat(['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]),
      { stdio: 'ignore' },
    );
    return {
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    };
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
