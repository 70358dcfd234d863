// The webhook and ntfy sinks against a real HTTP server on loopback: what goes over the wire, and
// which failures are worth another attempt.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../runtime/log.js';
import { notifyConfigSchema } from '../config.js';
import type { Notification } from '../kinds.js';
import { startHttpPeer, type HttpPeer } from '../test-support/http-peer.js';
import { aNotification, T0 } from '../test-support/builders.js';
import { createSink } from './index.js';
import { headerText } from './ntfy.js';
import { SinkError, type Sink } from './sink.js';

function sinkFor(name: string, spec: unknown): Sink {
  const config = notifyConfigSchema.parse({ sinks: { [name]: spec } });
  return createSink(config.sinks[name]!, { name, log: silentLogger });
}

const paused: Notification = {
  ...aNotification('device.paused', 0),
  title: 'car1 paused',
  message: 'no surplus for 5 min',
};

describe('webhook sink', () => {
  let peer: HttpPeer;
  before(async () => {
    peer = await startHttpPeer((r, _i, res) => {
      if (r.path === '/hook') return void res.end('ok');
      if (r.path === '/gone') return void res.writeHead(410, 'Gone').end('no such hook');
      if (r.path === '/busy') return void res.writeHead(503).end();
      // /slow: never answers
    });
  });
  after(() => peer.close());

  it('POSTs the notification as JSON with the configured headers', async () => {
    const sink = sinkFor('hook', {
      webhook: { url: `${peer.url}/hook`, headers: { 'x-api-key': 's3cret' } },
    });
    await sink.send(paused);
    const [r] = await peer.waitFor(1);
    assert.equal(r?.method, 'POST');
    assert.equal(r?.headers['content-type'], 'application/json');
    assert.equal(r?.headers['x-api-key'], 's3cret');
    assert.deepEqual(JSON.parse(r?.body ?? ''), {
      kind: 'device.paused',
      subject: 'device car1',
      title: 'car1 paused',
      message: 'no surplus for 5 min',
      at: new Date(T0).toISOString(),
      counts: { 'device.paused': 1 },
      event: paused.event,
    });
  });

  it('fails with a SinkError saying whether another attempt may pass', async () => {
    const attempt = (path: string, timeoutS = 10) =>
      sinkFor('hook', { webhook: { url: `${peer.url}${path}`, timeoutS } }).send(paused);
    await assert.rejects(attempt('/gone'), (e: unknown) => {
      assert.ok(e instanceof SinkError);
      assert.equal(e.retryable, false);
      assert.match(e.message, /^hook: POST http:\/\/127\.0\.0\.1:\d+\/gone: HTTP 410 Gone: no such hook$/);
      return true;
    });
    await assert.rejects(attempt('/busy'), (e: unknown) => e instanceof SinkError && e.retryable);
    await assert.rejects(
      attempt('/slow', 0.2),
      (e: unknown) => e instanceof SinkError && e.retryable && /no answer within 0\.2 s/.test(e.message),
    );
    await assert.rejects(
      sinkFor('hook', { webhook: { url: 'http://127.0.0.1:1/hook' } }).send(paused),
      (e: unknown) => e instanceof SinkError && e.retryable,
    );
  });
});

describe('ntfy sink', () => {
  let peer: HttpPeer;
  before(async () => {
    peer = await startHttpPeer();
  });
  after(() => peer.close());

  it('POSTs the message to the topic URL with title, priority, tags and the token', async () => {
    const sink = sinkFor('phone', { ntfy: { url: `${peer.url}/ampshare-home`, token: 'tk_abc' } });
    await sink.send({
      ...aNotification('overload', 0, 'circuit main L2'),
      title: 'Overload on main L2',
      message: '27.5 A',
    });
    await sink.send({ ...paused, title: 'Wärmepumpe paused' });
    const [first, second] = await peer.waitFor(2);
    assert.equal(first?.method, 'POST');
    assert.equal(first?.path, '/ampshare-home');
    assert.equal(first?.headers.title, 'Overload on main L2');
    assert.equal(first?.headers.priority, '5');
    assert.equal(first?.headers.tags, 'rotating_light,overload');
    assert.equal(first?.headers.authorization, 'Bearer tk_abc');
    assert.equal(first?.body, '27.5 A');
    assert.equal(second?.headers.title, '=?UTF-8?B?V8Okcm1lcHVtcGUgcGF1c2Vk?=');
    assert.equal(second?.headers.priority, '2');
  });

  it('uses a configured priority for every kind', async () => {
    const sink = sinkFor('phone', { ntfy: { url: `${peer.url}/t`, priority: 'min' } });
    const before = peer.received.length;
    await sink.send(aNotification('failsafe', 0, 'failsafe meter'));
    const all = await peer.waitFor(before + 1);
    assert.equal(all[before]?.headers.priority, '1');
    assert.equal(all[before]?.headers.authorization, undefined);
  });

  it('encodes a title outside printable ASCII as an RFC 2047 encoded word', () => {
    assert.equal(headerText('cp1 offline'), 'cp1 offline');
    const encoded = headerText('car1 16 A → 0 A');
    const b64 = /^=\?UTF-8\?B\?(.+)\?=$/.exec(encoded)?.[1] ?? '';
    assert.equal(Buffer.from(b64, 'base64').toString('utf8'), 'car1 16 A → 0 A');
  });
});
