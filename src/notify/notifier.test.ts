// The whole Notifier on fake time: bus events in, throttled messages out at a real webhook (and
// ntfy) on loopback; failing sinks retried without disturbing the bus; stop() flushes.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FakeClock } from '../protocols/ocpp/test-support/fake-clock.js';
import { EventBus, type AmpshareEvent } from '../runtime/events.js';
import { silentLogger } from '../runtime/log.js';
import { notifyConfigSchema } from './config.js';
import { addCounts, countOf, type KindCounts, type Notification } from './kinds.js';
import { Notifier } from './notifier.js';
import { SinkError, type Sink } from './sinks/sink.js';
import { aSetpoint, T0 } from './test-support/builders.js';
import { startHttpPeer, type HttpPeer } from './test-support/http-peer.js';

interface Rig {
  clock: FakeClock;
  bus: EventBus;
  busErrors: unknown[];
  warnings: string[];
  infos: string[];
  notifier: Notifier;
}

function rig(config: unknown, sinks?: ReadonlyMap<string, Sink>): Rig {
  const clock = new FakeClock(T0);
  const busErrors: unknown[] = [];
  const bus = new EventBus((error) => busErrors.push(error));
  const warnings: string[] = [];
  const infos: string[] = [];
  const log = { ...silentLogger, warn: (m: string) => warnings.push(m), info: (m: string) => infos.push(m) };
  const notifier = Notifier.start({
    config: notifyConfigSchema.parse(config),
    bus,
    clock,
    log,
    sinks,
    random: () => 0.5,
  });
  return { clock, bus, busErrors, warnings, infos, notifier };
}

/** car1 starts running, then pauses and resumes 20 times in a minute (an event every 1.5 s). */
async function flap(r: Rig): Promise<void> {
  r.bus.emit(aSetpoint('car1', 'running'));
  for (let i = 1; i <= 40; i++) {
    await r.clock.advance(1500);
    r.bus.emit(aSetpoint('car1', i % 2 === 1 ? 'paused' : 'running'));
  }
}

const bodies = (peer: HttpPeer) =>
  peer.received.map((r) => JSON.parse(r.body) as { title: string; counts: KindCounts; at: string });

describe('Notifier', () => {
  let peer: HttpPeer;
  beforeEach(async () => {
    peer = await startHttpPeer();
  });
  afterEach(() => peer.close());

  it('a device flapping 20 times in a minute: exactly the throttled count reaches the webhook', async () => {
    const r = rig({
      sinks: { hook: { webhook: { url: `${peer.url}/hook` } } },
      rules: [
        {
          on: ['device.paused', 'device.resumed'],
          to: ['hook'],
          debounceS: 0,
          minIntervalS: 10,
          maxPerHour: 4,
        },
      ],
    });
    await flap(r);
    // Sent at 1.5 s (the first pause), then when the interval opens at 11.5, 21.5 and 31.5 s; then the
    // hour is full.
    await peer.waitFor(4);
    await r.clock.advance(60_000);
    assert.equal(peer.received.length, 4);
    await r.notifier.stop();
    assert.equal(peer.received.length, 5, 'stop() sends what waited as one message');
    const sent = bodies(peer);
    assert.deepEqual(
      sent.map((b) => [b.title, countOf(b.counts)]),
      [
        ['car1 paused', 1],
        ['car1 resumed and 5 more', 6],
        ['car1 resumed and 6 more', 7],
        ['car1 paused and 5 more', 6],
        ['car1 paused and 19 more', 20],
      ],
    );
    const total = sent.reduce<KindCounts>((sum, b) => addCounts(sum, b.counts), {});
    assert.deepEqual(total, { 'device.paused': 20, 'device.resumed': 20 });
    assert.deepEqual(r.busErrors, []);
  });

  it('with the default debounce the same flapping is one message once it settles', async () => {
    const r = rig({
      sinks: { hook: { webhook: { url: `${peer.url}/hook` } } },
      rules: [{ on: ['device.paused', 'device.resumed'], to: ['hook'] }],
    });
    await flap(r);
    await r.clock.advance(29_999);
    assert.equal(peer.received.length, 0);
    await r.clock.advance(1);
    const [only] = await peer.waitFor(1);
    await r.notifier.stop();
    assert.equal(peer.received.length, 1);
    const body = JSON.parse(only?.body ?? '') as {
      title: string;
      message: string;
      at: string;
      counts: KindCounts;
    };
    assert.equal(body.title, 'car1 resumed');
    assert.match(body.message, /\n\(40 changes in 59 s: 20× device\.paused, 20× device\.resumed\)$/);
    assert.equal(body.at, new Date(T0 + 60_000).toISOString());
  });

  it('sends a recovery to the rule of its problem, to every sink of the rule', async () => {
    const r = rig({
      sinks: {
        hook: { webhook: { url: `${peer.url}/hook` } },
        phone: { ntfy: { url: `${peer.url}/topic` } },
      },
      rules: [{ on: ['station.offline'], to: ['hook', 'phone'], debounceS: 0, minIntervalS: 0 }],
    });
    const events: AmpshareEvent[] = [
      { type: 'ocpp.connected', stationId: 'cp1', protocol: 'ocpp2.0.1' },
      { type: 'ocpp.disconnected', stationId: 'cp1', code: 1006, reason: 'connection lost' },
    ];
    for (const e of events) r.bus.emit(e);
    await r.clock.advance(240_000);
    r.bus.emit({ type: 'ocpp.connected', stationId: 'cp1', protocol: 'ocpp2.0.1' });
    r.bus.emit({ type: 'meter.stale', ageS: 10, staleAfterS: 10, message: 'not for this rule' });
    const got = await peer.waitFor(4);
    await r.notifier.stop();
    assert.equal(peer.received.length, 4);
    const titles = got.map(
      (g) =>
        `${g.path} ${g.path === '/topic' ? g.headers.title : (JSON.parse(g.body) as Notification).title}`,
    );
    assert.deepEqual(titles.sort(), [
      '/hook Station cp1 offline',
      '/hook Station cp1 online',
      '/topic Station cp1 offline',
      '/topic Station cp1 online',
    ]);
    const online = got.find((g) => g.path === '/topic' && g.headers.title === 'Station cp1 online');
    assert.equal(online?.body, 'connected again (ocpp2.0.1) after 4 min offline');
  });

  it('retries a failing sink with backoff on the clock and never throws into the bus', async () => {
    let calls = 0;
    const delivered: Notification[] = [];
    const flaky: Sink = {
      send: async (n) => {
        calls++;
        if (calls <= 2) throw new SinkError('flaky', 'HTTP 503', true);
        delivered.push(n);
      },
    };
    const broken: Sink = {
      send: () => {
        throw new Error('bug in a sink');
      },
    };
    const r = rig(
      {
        sinks: {
          flaky: { webhook: { url: 'http://127.0.0.1:1/unused' } },
          broken: { webhook: { url: 'http://127.0.0.1:1/unused' } },
          gone: { webhook: { url: `${peer.url}/gone` } },
        },
        rules: [{ on: ['overload'], to: ['flaky', 'broken'], debounceS: 0 }],
      },
      new Map([
        ['flaky', flaky],
        ['broken', broken],
      ]),
    );
    r.bus.emit({
      type: 'overload.cut',
      circuit: 'main',
      phase: 'L1',
      measuredA: 30,
      limitA: 25,
      devices: [],
      message: 'High consumption detected on main L1',
    });
    assert.deepEqual(r.busErrors, []);
    await r.clock.advance(0);
    assert.equal(calls, 1);
    await r.clock.advance(1_250); // first retry: 500 ms floor + half of (2 s − 500 ms)
    assert.equal(calls, 2);
    await r.clock.advance(2_250); // second: 500 + half of (4 s − 500 ms)
    assert.equal(calls, 3);
    assert.equal(delivered.length, 1);
    await r.clock.advance(600_000);
    await r.notifier.stop();
    assert.deepEqual(r.busErrors, []);
    assert.ok(
      r.warnings.some((w) => /^notify: flaky: HTTP 503; retrying in 1\.3 s$/.test(w)),
      r.warnings.join('\n'),
    );
    assert.ok(
      r.warnings.some((w) => /^notify: broken: bug in a sink; gave up on .* after 6 attempt\(s\)$/.test(w)),
    );
    assert.deepEqual(r.infos, ['notify: sinks not named by any rule: gone']);
  });

  it('stop() sends what is still held and stops listening', async () => {
    const r = rig({
      sinks: { hook: { webhook: { url: `${peer.url}/hook` } } },
      rules: [{ on: ['meter.stale'], to: ['hook'], debounceS: 60 }],
    });
    r.bus.emit({ type: 'meter.stale', ageS: 10, staleAfterS: 10, message: 'no telegram for 10.0 s' });
    await r.clock.advance(5_000);
    r.bus.emit({ type: 'meter.back', staleForS: 15, message: 'telegrams again after 15.0 s' });
    await r.notifier.stop();
    r.bus.emit({ type: 'meter.stale', ageS: 10, staleAfterS: 10, message: 'after stop' });
    await r.clock.advance(120_000);
    assert.equal(peer.received.length, 1);
    const [body] = bodies(peer);
    assert.equal(body?.title, 'Meter data back');
    assert.deepEqual(body?.counts, { 'meter.stale': 1, 'meter.back': 1 });
  });
});
