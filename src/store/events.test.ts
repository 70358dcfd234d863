// Events from the bus: which are kept, their sentence and fields, paging newest first; and the
// CSV export's quoting (RFC 4180) read back with a strict parser.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { StoredEvent } from '../model/history.js';
import { EventBus, type AmpshareEvent } from '../runtime/events.js';
import { csvField, csvLine } from './csv.js';
import { HistoryStore } from './history.js';
import { parseCsv } from './test-support/csv-parse.js';
import { aCharger, aState, fakeClock, tempDir } from './test-support/states.js';

const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);

describe('events in the store', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: HistoryStore;
  const clock = fakeClock(T0);
  beforeEach(() => {
    tmp = tempDir();
    store = HistoryStore.open({ dataDir: tmp.dir, clock });
  });
  afterEach(() => {
    store.close();
    tmp.remove();
  });

  it('keeps every event but the per-cycle ones and the stations’ limit confirmations', async () => {
    const bus = new EventBus((error) => assert.fail(String(error)));
    const heard: StoredEvent[] = [];
    store.onEvent((e) => heard.push(e));
    const detach = store.attach(bus);
    bus.emit({ type: 'controller.stopping', reason: 'SIGTERM' });
    bus.emit({ type: 'state.updated', state: aState({ atMs: T0, devices: [aCharger({ id: 'car1' })] }) });
    bus.emit({
      type: 'cycle.completed',
      atMs: T0,
      trigger: 'telegram',
      durationMs: 1,
      result: {},
    } as unknown as AmpshareEvent);
    bus.emit({
      type: 'ocpp.limitAccepted',
      stationId: 'cp1',
      connectorId: 1,
      purpose: 'TxDefaultProfile',
      currentA: 16,
      untilMs: null,
    });
    clock.set(T0 + 1500);
    bus.emit({
      type: 'device.setpoint',
      deviceId: 'car1',
      setpointA: 10,
      phases: ['L1', 'L2', 'L3'],
      status: 'running',
      reason: 'limited by main L2',
      limitedBy: 'main',
      previousA: 16,
    });
    // A cycle's events are written together at its end (the next state.updated) or on the next
    // turn of the event loop; the ones before the state are in already.
    assert.deepEqual(
      store.events().map((e) => e.type),
      ['controller.stopping'],
    );
    await new Promise((resolve) => setImmediate(resolve));
    const events = store.events();
    assert.deepEqual(
      events.map((e) => e.type),
      ['device.setpoint', 'controller.stopping'],
    );
    const setpoint = events[0]!;
    assert.equal(setpoint.atMs, T0 + 1500);
    assert.equal(setpoint.message, 'car1 16 A → 10 A running on L1,L2,L3: limited by main L2');
    assert.deepEqual(setpoint.data, {
      deviceId: 'car1',
      setpointA: 10,
      phases: ['L1', 'L2', 'L3'],
      status: 'running',
      reason: 'limited by main L2',
      limitedBy: 'main',
      previousA: 16,
    });
    assert.deepEqual(heard, [...events].reverse(), 'listeners hear each stored event with its id');
    assert.equal(store.history('second', T0, T0 + 1000).length, 1, 'the state went to the samples');
    detach();
    bus.emit({ type: 'meter.error', message: 'CRC mismatch' });
    assert.equal(store.events().length, 2, 'detached');
  });

  it('an event that cannot be stored loses only itself, not the cycle’s other events or its sample', () => {
    const warnings: string[] = [];
    store.close();
    store = HistoryStore.open({
      dataDir: tmp.dir,
      clock,
      log: {
        debug: () => undefined,
        info: () => undefined,
        warn: (m, f) => warnings.push(`${m} ${String(f?.['error'])}`),
      },
    });
    const bus = new EventBus((error) => assert.fail(String(error)));
    store.attach(bus);
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    bus.emit({ type: 'meter.error', message: 'before' });
    bus.emit({
      type: 'allocator.warning',
      message: 'unstorable',
      data: circular,
    } as unknown as AmpshareEvent);
    bus.emit({ type: 'meter.error', message: 'after' });
    bus.emit({ type: 'state.updated', state: aState({ atMs: T0 }) });
    assert.deepEqual(
      store.events().map((e) => e.data['message']),
      ['after', 'before'],
    );
    assert.equal(store.history('second', T0, T0 + 1000).length, 1, 'the sample is stored');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /1 of 3 events not stored/);
  });

  it('pages newest first by id, filters by type, limits', () => {
    for (let i = 0; i < 250; i++) {
      store.recordEvent(
        i % 5 === 0
          ? { type: 'meter.error', message: `bad ${i}` }
          : { type: 'allocator.warning', message: `w ${i}` },
        T0 + i,
      );
    }
    const first = store.events();
    assert.equal(first.length, 100);
    assert.equal(first[0]!.message, 'w 249');
    const second = store.events({ beforeId: first[99]!.id });
    assert.equal(second[0]!.id, first[99]!.id - 1);
    const errors = store.events({ type: 'meter.error', limit: 1000 });
    assert.equal(errors.length, 50);
    assert.ok(errors.every((e) => e.type === 'meter.error'));
    assert.equal(store.events({ type: 'meter.error', beforeId: errors[48]!.id }).length, 1);
    assert.equal(store.events({ limit: 0 }).length, 1, 'at least one');
    assert.equal(store.events({ limit: 5000 }).length, 250, 'at most 1000');
  });
});

describe('CSV export', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('quotes what must be quoted (RFC 4180)', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\r'), '"cr\r"');
    assert.equal(csvField(null), '');
    assert.equal(csvField(-1.5), '-1.5');
    assert.equal(csvLine(['a', 'b,c', null]), 'a,"b,c",\r\n');
  });

  it('exports events, samples and sessions that a strict parser reads back', () => {
    const store = HistoryStore.open({ dataDir: tmp.dir });
    const nasty = 'station said "no", then\r\nhung up';
    store.recordEvent({ type: 'meter.error', message: nasty }, T0);
    for (let i = 0; i <= 120; i++) {
      store.record(
        aState({
          atMs: T0 + i * 1000,
          gridPowerW: -2000,
          pvW: 9000,
          devices: [aCharger({ id: 'car,1', vehicleConnected: true, measuredPowerW: 7000 })],
        }),
      );
    }
    const events = parseCsv([...store.csv('events')].join(''));
    assert.deepEqual(events[0], ['id', 'time', 'localTime', 'type', 'message', 'data']);
    assert.deepEqual(events[1], [
      '1',
      '2025-06-01T08:00:00.000Z',
      '2025-06-01 10:00:00',
      'meter.error',
      nasty,
      JSON.stringify({ message: nasty }),
    ]);

    const samples = parseCsv([...store.csv('samples', { resolution: 'minute' })].join(''));
    assert.deepEqual(samples[0], [
      'time',
      'localTime',
      'seconds',
      'importW',
      'exportW',
      'pvW',
      'L1A',
      'L2A',
      'L3A',
      'L1MaxA',
      'L2MaxA',
      'L3MaxA',
      'limitA',
      'importKWh',
      'exportKWh',
      'devicesW.car,1',
    ]);
    assert.equal(samples.length, 1 + 3, 'two closed minutes and the open one');
    assert.deepEqual(samples[2], [
      '2025-06-01T08:01:00.000Z',
      '2025-06-01 10:01:00',
      '60',
      '0',
      '2000',
      '9000',
      '1',
      '2',
      '3',
      '1',
      '2',
      '3',
      '25',
      '0',
      String(Number(((2000 * 60) / 3_600_000).toFixed(6))),
      '7000',
    ]);
    const hours = parseCsv(
      [...store.csv('samples', { resolution: 'hour', fromMs: T0, toMs: T0 + 1 })].join(''),
    );
    assert.equal(hours.length, 2);
    assert.equal(hours[1]![2], '121');

    const sessions = parseCsv([...store.csv('sessions')].join(''));
    assert.deepEqual(sessions[0], [
      'id',
      'deviceId',
      'start',
      'end',
      'localStart',
      'localEnd',
      'energyKWh',
      'solarShare',
      'maxPowerW',
    ]);
    assert.deepEqual(sessions[1]!.slice(0, 4), ['1', 'car,1', '2025-06-01T08:00:00.000Z', '']);
    assert.deepEqual(sessions[1]!.slice(6), [
      String(Number(((7000 * 120) / 3_600_000).toFixed(4))),
      '1',
      '7000',
    ]);
    assert.throws(() => store.csv('bogus' as 'events'), /unknown export "bogus"/);
    store.close();
  });

  it('pages through long exports and keeps writing while a CSV is being read', () => {
    const store = HistoryStore.open({ dataDir: tmp.dir });
    for (let i = 0; i < 4500; i++) store.recordEvent({ type: 'allocator.warning', message: `w${i}` }, T0 + i);
    let count = 0;
    for (const line of store.csv('events')) {
      if (count++ === 10) store.record(aState({ atMs: T0 }));
      assert.ok(line.endsWith('\r\n'));
    }
    assert.equal(count, 4501);
    store.close();
  });
});
