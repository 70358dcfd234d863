// The writer reproduces real telegrams byte for byte, and writer → decoder round-trips (fast-check).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { crc16 } from './crc.js';
import { decodeAll, fixture } from './test-support.js';
import { writeTelegram, type TelegramSpec } from './writer.js';

const at = (iso: string): Date => new Date(iso);
const idOf = (bytes: Buffer): string => {
  const m = /96\.1\.1\(([0-9A-F]+)\)/.exec(bytes.toString('latin1'))!;
  return Buffer.from(m[1]!, 'hex').toString('latin1');
};

test('DSMR 5.0: byte-exact Sagemcom T211 telegram (wassasin_dsmr50_1)', () => {
  const real = fixture('wassasin_dsmr50_1.txt');
  const written = writeTelegram({
    header: 'Ene5\\T211 ESMR 5.0',
    time: at('2023-11-24T20:56:58Z'),
    equipmentId: idOf(real),
    energyImportKWh: { t1: 341.156, t2: 265.076 },
    energyExportKWh: { t1: 469.838, t2: 945.206 },
    tariff: 2,
    powerImportW: 499,
    powerFailures: 15,
    longPowerFailures: 9,
    powerFailureLog: [{ end: at('2023-07-23T10:56:46Z'), durationS: 712 }],
    voltageSags: [3, 3, 3],
    phases: [
      { powerImportW: 87, powerExportW: 0, voltageV: 233, currentA: 0 },
      { powerImportW: 88, powerExportW: 0, voltageV: 233, currentA: 0 },
      { powerImportW: 323, powerExportW: 0, voltageV: 233, currentA: 1 },
    ],
  });
  assert.equal(written.toString('latin1'), real.subarray(0, real.lastIndexOf('!') + 7).toString('latin1'));
});

test('e-MUCS 1.7: byte-exact Sagemcom T211 telegram with capacity history (index30479831513)', () => {
  const real = fixture('index30479831513_belgium-emucs171_1.txt');
  const written = writeTelegram({
    dialect: 'emucs17',
    time: at('2023-06-29T08:22:48Z'),
    equipmentId: idOf(real),
    energyImportKWh: { t1: 661.701, t2: 776.784 },
    energyExportKWh: { t1: 990.699, t2: 423.681 },
    tariff: 1,
    powerExportW: 135,
    capacity: {
      averageDemandW: 0,
      monthPeakW: 6235,
      monthPeakAt: at('2023-06-22T18:00:00Z'),
      history: [
        { month: '2023-04', peakW: 6985, at: at('2023-04-23T18:30:00Z') },
        { month: '2023-05', peakW: 6748, at: at('2023-05-24T17:30:00Z') },
      ],
    },
    phases: [
      { powerImportW: 0, powerExportW: 440, voltageV: 236.9, currentA: 2.09 },
      { powerImportW: 0, powerExportW: 132, voltageV: 240.8, currentA: 0.91 },
      { powerImportW: 438, powerExportW: 0, voltageV: 239.9, currentA: 2.03 },
    ],
  });
  assert.equal(written.toString('latin1'), real.toString('latin1'));
});

test('3×230 V delta: L2 is written as zero and decodes without NaN', () => {
  const bytes = writeTelegram({
    dialect: 'emucs17',
    delta: true,
    time: at('2024-01-10T10:00:00Z'),
    phases: [
      { powerImportW: 1000, powerExportW: 0, voltageV: 231 },
      { powerImportW: 900, powerExportW: 0, voltageV: 230 },
      { powerImportW: 500, powerExportW: 0, voltageV: 232 },
    ],
  });
  assert.match(bytes.toString('latin1'), /1-0:52\.7\.0\(000\.0\*V\)/);
  const [r] = decodeAll(bytes).readings;
  assert.deepEqual(r?.phases[1], {
    voltageV: 0,
    currentA: 0,
    powerImportW: 0,
    powerExportW: 0,
    netCurrentA: 0,
  });
  assert.equal(r?.powerImportW, 1500);
});

// ---- round trip ----

/** ISO 8601 of an instant in Europe/Amsterdam local time, computed through ICU. */
function amsterdam(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Amsterdam',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${parts.timeZoneName!.slice(3)}`;
}

const instant = fc
  .integer({ min: Date.UTC(2001, 0, 2) / 1000, max: Date.UTC(2069, 11, 30) / 1000 })
  .map((s) => new Date(s * 1000));
const watts = fc.integer({ min: 0, max: 99_999 });
const kwh = fc.integer({ min: 0, max: 999_999_999 }).map((n) => n / 1000);
const phase = fc.record({
  powerImportW: watts,
  powerExportW: watts,
  voltageV: fc.oneof(fc.integer({ min: 1800, max: 2600 }), fc.constant(0)).map((n) => n / 10),
});
const spec: fc.Arbitrary<TelegramSpec> = fc.record(
  {
    dialect: fc.constantFrom('dsmr50' as const, 'emucs17' as const),
    time: instant,
    equipmentId: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && s !== ''),
    tariff: fc.constantFrom(1, 2),
    energyImportKWh: fc.record({ t1: kwh, t2: kwh }),
    energyExportKWh: fc.record({ t1: kwh, t2: kwh }),
    phases: fc.oneof(
      fc.array(phase, { minLength: 1, maxLength: 1 }),
      fc.array(phase, { minLength: 3, maxLength: 3 }),
    ),
    delta: fc.boolean(),
    text: fc.string({ unit: 'grapheme', maxLength: 40 }),
    gas: fc.record({ m3: fc.integer({ min: 0, max: 99_999_999 }).map((n) => n / 1000), at: instant }),
    capacity: fc.record({
      averageDemandW: watts,
      monthPeakW: watts,
      monthPeakAt: instant,
      history: fc.array(
        fc.record({
          month: fc
            .tuple(fc.integer({ min: 2001, max: 2068 }), fc.integer({ min: 1, max: 12 }))
            .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
          peakW: watts,
          at: fc.option(instant, { nil: null }),
        }),
        { maxLength: 13 },
      ),
    }),
  },
  { requiredKeys: ['time', 'phases', 'dialect'] },
);

test('writer → decoder round-trips (fast-check)', () => {
  fc.assert(
    fc.property(spec, (s) => {
      const bytes = writeTelegram(s);
      const bang = bytes.lastIndexOf('!');
      assert.equal(
        bytes.toString('latin1', bang + 1, bang + 5),
        crc16(bytes, 0, bang + 1)
          .toString(16)
          .toUpperCase()
          .padStart(4, '0'),
      );
      const { readings, errors } = decodeAll(bytes);
      assert.deepEqual(errors, []);
      const r = readings[0]!;
      const emucs = s.dialect === 'emucs17';
      const sent = s.phases.map((p, i) =>
        s.delta && i === 1 ? { powerImportW: 0, powerExportW: 0, voltageV: 0 } : p,
      );
      const net = sent.reduce((sum, p) => sum + p.powerImportW - p.powerExportW, 0);
      assert.equal(r.crc, 'valid');
      assert.equal(r.version, emucs ? '50217' : '50');
      assert.equal(r.timestamp, amsterdam(s.time));
      if (s.equipmentId !== undefined) assert.equal(r.equipmentId, s.equipmentId);
      assert.equal(r.tariff, s.tariff ?? 1);
      assert.deepEqual(r.energyImportKWh, { t1: 0, t2: 0, ...s.energyImportKWh }); // fast-check records
      assert.deepEqual(r.energyExportKWh, { t1: 0, t2: 0, ...s.energyExportKWh }); // have no prototype
      assert.equal(r.powerImportW, Math.max(net, 0));
      assert.equal(r.powerExportW, Math.max(-net, 0));
      assert.equal(r.phases.length, s.phases.length);
      r.phases.forEach((p, i) => {
        const w = sent[i]!;
        assert.equal(p.voltageV, w.voltageV);
        assert.equal(p.powerImportW, w.powerImportW);
        assert.equal(p.powerExportW, w.powerExportW);
        const exact = w.voltageV > 0 ? Math.abs(w.powerImportW - w.powerExportW) / w.voltageV : 0;
        assert.ok(
          Math.abs(p.currentA! - exact) <= (emucs ? 0.005 : 0.5) + 1e-9,
          'currentA as the meter rounds it',
        );
        if (w.voltageV > 0) {
          assert.ok(
            Math.abs(p.netCurrentA! - (w.powerImportW - w.powerExportW) / w.voltageV) <= 0.0005 + 1e-12,
          );
        } else {
          assert.equal(p.netCurrentA, (w.powerImportW - w.powerExportW < 0 ? -p.currentA! : p.currentA!) + 0);
        }
      });
      assert.equal(r.text, s.text ? s.text : null);
      assert.deepEqual(r.gas, s.gas ? { m3: s.gas.m3, at: amsterdam(s.gas.at) } : null);
      const c = s.capacity;
      assert.deepEqual(
        r.capacity,
        emucs && c
          ? {
              averageDemandW: c.averageDemandW,
              monthPeakW: c.monthPeakW,
              monthPeakAt: amsterdam(c.monthPeakAt),
              history: (c.history ?? []).map((h) => ({
                month: h.month,
                peakW: h.peakW,
                at: h.at ? amsterdam(h.at) : null,
              })),
            }
          : null,
      );
    }),
    { numRuns: 300 },
  );
});
