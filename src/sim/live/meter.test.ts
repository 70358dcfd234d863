// The demo's meter: real DSMR 5 telegrams, once a second on the meter's clock, that the real
// decoder reads back as what the house drew.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createP1Decoder } from '../../meters/dsmr/index.js';
import type { SourceEvent } from '../../meters/sources/index.js';
import type { Reading } from '../../model/reading.js';
import type { PhaseValues } from '../../model/units.js';
import { FakeClock, turn } from '../../protocols/ocpp/test-support/fake-clock.js';
import { LiveMeter } from './meter.js';

const WEDNESDAY_NOON = Date.parse('2025-06-04T10:00:00.000Z'); // 12:00 in Amsterdam: tariff 2

function meter(clock: FakeClock, netW: () => PhaseValues): LiveMeter {
  return new LiveMeter({ clock, measure: netW, voltageV: 230, timezone: 'Europe/Amsterdam' });
}

function decode(bytes: Uint8Array): Reading {
  const events = createP1Decoder().push(bytes);
  assert.equal(events.length, 1);
  const [event] = events;
  assert.equal(event?.type, 'reading', JSON.stringify(event));
  return (event as { reading: Reading }).reading;
}

describe('live demo meter', () => {
  it('writes a telegram the decoder reads back: per-phase import and export, totals, a valid CRC', () => {
    const clock = new FakeClock(WEDNESDAY_NOON);
    const reading = decode(meter(clock, () => [2300, -1150, 460]).telegram(clock.now()));
    assert.equal(reading.crc, 'valid');
    assert.equal(reading.version, '50');
    assert.equal(reading.timestamp, '2025-06-04T12:00:00+02:00');
    assert.equal(reading.tariff, 2);
    assert.deepEqual(
      reading.phases.map((p) => p.netCurrentA),
      [10, -5, 2],
    );
    assert.equal(reading.powerImportW, 1610);
    assert.equal(reading.powerExportW, 0);
  });

  it('integrates the energy registers on the tariff of the hour', () => {
    const clock = new FakeClock(Date.parse('2025-06-07T10:00:00.000Z')); // a Saturday: tariff 1
    const m = meter(clock, () => [1000, 1000, 1000]);
    const first = decode(m.telegram(clock.now()));
    const anHourLater = decode(m.telegram(clock.now() + 3_600_000));
    assert.equal(anHourLater.tariff, 1);
    const t1 = (r: Reading) => r.energyImportKWh.t1 ?? 0;
    assert.ok(Math.abs(t1(anHourLater) - t1(first) - 3) < 0.002, `${t1(first)} → ${t1(anHourLater)}`);
    assert.equal(anHourLater.energyImportKWh.t2, first.energyImportKWh.t2);
  });

  it('sends one telegram at the start of every second until stopped', async () => {
    const clock = new FakeClock(WEDNESDAY_NOON + 400);
    const m = meter(clock, () => [230, 230, 230]);
    const seen: SourceEvent[] = [];
    m.start((e) => seen.push(e));
    await clock.advance(3_000);
    await m.stop();
    const decoder = createP1Decoder();
    const stamps = seen.flatMap((e) =>
      e.type === 'bytes'
        ? decoder.push(e.chunk).map((d) => (d.type === 'reading' ? d.reading.timestamp : null))
        : [],
    );
    assert.deepEqual(stamps, [
      '2025-06-04T12:00:01+02:00',
      '2025-06-04T12:00:02+02:00',
      '2025-06-04T12:00:03+02:00',
    ]);
    assert.equal(decoder.counters.bad, 0);
    assert.equal(m.telegrams, 3);
    const states = seen.flatMap((e) => (e.type === 'status' ? [e.status.state] : []));
    assert.deepEqual(states, ['connected', 'ended']);
  });

  it('holds its first telegram until it is told to start', async () => {
    const clock = new FakeClock(WEDNESDAY_NOON);
    let go: () => void = () => undefined;
    const m = new LiveMeter({
      clock,
      measure: () => [0, 0, 0],
      voltageV: 230,
      timezone: 'Europe/Amsterdam',
      startAfter: new Promise<void>((resolve) => (go = resolve)),
    });
    const seen: SourceEvent['type'][] = [];
    m.start((e) => seen.push(e.type));
    await clock.advance(2_000);
    assert.deepEqual(seen, []);
    go();
    await turn(); // the meter takes up its clock
    await clock.advance(1_000);
    await m.stop();
    assert.deepEqual(seen, ['status', 'bytes', 'status']);
  });
});
