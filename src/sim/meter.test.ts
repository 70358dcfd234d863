// The simulated meter writes real telegrams: the real decoder reads every one with a valid CRC and
// gets back the line currents, the totals and (e-MUCS) the capacity registers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createP1Decoder } from '../meters/dsmr/index.js';
import type { Reading } from '../model/reading.js';
import { localToUtcMs, runCalendar } from './calendar.js';
import { SimMeter } from './meter.js';

function decodeAll(telegrams: Buffer[]): { readings: Reading[]; errors: number } {
  const decoder = createP1Decoder();
  const readings: Reading[] = [];
  let errors = 0;
  for (const t of telegrams) {
    for (const e of decoder.push(t)) {
      if (e.type === 'reading') readings.push(e.reading);
      else errors++;
    }
  }
  return { readings, errors };
}

const amps = fc.double({ min: -60, max: 60, noNaN: true });

describe('sim meter telegrams', () => {
  it('DSMR 5 (tn): every telegram decodes, with the phases’ active currents and the total power', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(amps, amps, amps), { minLength: 1, maxLength: 20 }), (seconds) => {
        const startMs = localToUtcMs('2026-03-29T01:00', 'Europe/Amsterdam');
        const cal = runCalendar(startMs, seconds.length, 'Europe/Amsterdam');
        const meter = new SimMeter({ dialect: 'dsmr50', network: 'tn', voltageV: 230, phases: 3, cal });
        const telegrams = seconds.map((a, t) => {
          const netW = (a[0] + a[1] + a[2]) * 230;
          meter.integrate(t, netW);
          return Buffer.from(meter.telegram(t, a, a.map(Math.abs), netW));
        });
        const { readings, errors } = decodeAll(telegrams);
        assert.equal(errors, 0);
        assert.equal(readings.length, seconds.length);
        readings.forEach((r, t) => {
          assert.equal(r.crc, 'valid');
          const a = seconds[t]!;
          r.phases.forEach((p, i) =>
            assert.ok(Math.abs(p.netCurrentA! - a[i]!) < 0.003, `${p.netCurrentA} vs ${a[i]}`),
          );
          const netW = (r.powerImportW ?? 0) - (r.powerExportW ?? 0);
          assert.ok(Math.abs(netW - (a[0] + a[1] + a[2]) * 230) <= 2);
        });
        // 01:00 on the day summer time starts: still winter time (W, +01:00).
        assert.match(readings[0]!.timestamp!, /\+01:00$/);
      }),
      { numRuns: 30 },
    );
  });

  it('e-MUCS (it): line currents with their sign, and the capacity registers', () => {
    const startMs = localToUtcMs('2026-02-02', 'Europe/Brussels');
    const seconds = 2000;
    const cal = runCalendar(startMs, seconds, 'Europe/Brussels');
    const meter = new SimMeter({ dialect: 'emucs17', network: 'it', voltageV: 230, phases: 3, cal });
    const telegrams: Buffer[] = [];
    for (let t = 0; t < seconds; t++) {
      // 4 kW for the first quarter hour, then 1 kW: the month's peak is the first quarter's 4 kW.
      const netW = t < 900 ? 4000 : 1000;
      const lineA = netW / 230;
      meter.integrate(t, netW);
      telegrams.push(Buffer.from(meter.telegram(t, [lineA, 0, -lineA / 2], [lineA, 0, lineA / 2], netW)));
    }
    const { readings, errors } = decodeAll(telegrams);
    assert.equal(errors, 0);
    assert.equal(readings.length, seconds);
    const last = readings.at(-1)!;
    assert.ok(Math.abs(last.phases[0]!.netCurrentA! - 1000 / 230) < 0.003);
    assert.ok(Math.abs(last.phases[2]!.netCurrentA! + 500 / 230) < 0.003);
    assert.equal(last.capacity?.monthPeakW, 4000);
    assert.equal(last.capacity?.averageDemandW, 1000);
    assert.equal(readings[450]!.capacity?.averageDemandW, 4000);
    assert.equal(last.version, '50217');
  });
});
