// The event bus and how events read in the log.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatEvent, jsonEvent, logsEvent } from './event-log.js';
import { EventBus, type AmpshareEvent } from './events.js';

const AT = Date.parse('2025-06-01T10:00:01.250Z');

describe('EventBus', () => {
  it('delivers to typed listeners and to catch-all listeners, in order, and unsubscribes', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    const off = bus.on('meter.stale', (e) => seen.push(`stale ${e.ageS}`));
    bus.onAny((e) => seen.push(`any ${e.type}`));
    bus.emit({ type: 'meter.stale', ageS: 3.5, staleAfterS: 3, message: 'no telegram' });
    off();
    bus.emit({ type: 'meter.stale', ageS: 9, staleAfterS: 3, message: 'no telegram' });
    assert.deepEqual(seen, ['stale 3.5', 'any meter.stale', 'any meter.stale']);
  });

  it('isolates a listener that throws: the others still hear the event', () => {
    const failures: string[] = [];
    const bus = new EventBus((error, event) => failures.push(`${event.type}: ${(error as Error).message}`));
    const seen: string[] = [];
    bus.onAny(() => {
      throw new Error('store is full');
    });
    bus.onAny((e) => seen.push(e.type));
    bus.emit({ type: 'controller.stopped' });
    assert.deepEqual(seen, ['controller.stopped']);
    assert.deepEqual(failures, ['controller.stopped: store is full']);
  });
});

describe('event log lines', () => {
  const cases: { event: AmpshareEvent; line: string }[] = [
    {
      event: {
        type: 'device.setpoint',
        deviceId: 'cp1',
        setpointA: 7,
        phases: ['L1', 'L2', 'L3'],
        status: 'running',
        reason: 'limited by main L2: 14 A headroom shared by 2',
        limitedBy: 'main L2',
        previousA: 11,
      },
      line: '10:00:01.250 device.setpoint cp1 11 A → 7 A running on L1,L2,L3: limited by main L2: 14 A headroom shared by 2',
    },
    {
      event: { type: 'cycle.overrun', trigger: 'telegram', durationMs: 251.26, budgetMs: 200 },
      line: '10:00:01.250 cycle.overrun telegram cycle took 251.3 ms (budget 200 ms)',
    },
    {
      event: { type: 'ocpp.connected', stationId: 'CP-1', protocol: 'ocpp1.6' },
      line: '10:00:01.250 ocpp.connected stationId=CP-1 protocol=ocpp1.6',
    },
    {
      event: {
        type: 'failsafe.confirmed',
        devices: ['cp1'],
        failed: [{ deviceId: 'cp2', error: 'timeout' }],
      },
      line: '10:00:01.250 failsafe.confirmed fail-safe confirmed by cp1; NOT by cp2 (timeout)',
    },
  ];
  for (const c of cases) it(c.event.type, () => assert.equal(formatEvent(c.event, AT), c.line));

  it('as JSON: the time first, then the event as it is', () => {
    assert.equal(
      jsonEvent({ type: 'meter.back', staleForS: 4, message: 'telegrams again' }, AT),
      '{"at":"2025-06-01T10:00:01.250Z","type":"meter.back","staleForS":4,"message":"telegrams again"}',
    );
  });

  it('leaves out the per-cycle event, and station confirmations unless verbose or JSON', () => {
    const plain = { json: false, verbose: false };
    assert.equal(logsEvent('cycle.completed', { json: true, verbose: true }), false);
    assert.equal(logsEvent('ocpp.limitAccepted', plain), false);
    assert.equal(logsEvent('ocpp.limitAccepted', { json: false, verbose: true }), true);
    assert.equal(logsEvent('ocpp.limitAccepted', { json: true, verbose: false }), true);
    assert.equal(logsEvent('device.setpoint', plain), true);
  });
});
