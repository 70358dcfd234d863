// The template writer against writeTelegram itself: byte for byte, for any values, both dialects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { writeTelegram, type TelegramSpec } from '../meters/dsmr/index.js';
import { TelegramTemplate } from './telegram-template.js';

const watts = fc.oneof(
  fc.double({ min: 0, max: 30_000, noNaN: true }),
  fc.constant(0),
  fc.double({ min: 99_990, max: 120_000, noNaN: true }),
);
const phase = fc.record({
  powerImportW: watts,
  powerExportW: watts,
  voltageV: fc.double({ min: 200, max: 250, noNaN: true }),
  currentA: fc.option(fc.double({ min: 0, max: 1200, noNaN: true }), { nil: undefined }),
});
const time = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms));
const kWh = fc.double({ min: 0, max: 1_100_000, noNaN: true });

const spec = fc.record({
  dialect: fc.constantFrom('dsmr50' as const, 'emucs17' as const),
  time,
  tariff: fc.integer({ min: 1, max: 2 }),
  energyImportKWh: fc.record({ t1: kWh, t2: kWh }),
  energyExportKWh: fc.record({ t1: kWh, t2: kWh }),
  phases: fc.oneof(
    fc.array(phase, { minLength: 3, maxLength: 3 }),
    fc.array(phase, { minLength: 1, maxLength: 1 }),
  ),
  powerImportW: fc.option(watts, { nil: undefined }),
  powerExportW: fc.option(watts, { nil: undefined }),
  capacity: fc.option(
    fc.record({
      averageDemandW: watts,
      monthPeakW: watts,
      monthPeakAt: time,
      history: fc.constant([] as { month: string; peakW: number; at: Date | null }[]),
    }),
    { nil: undefined },
  ),
});

describe('telegram template', () => {
  it('writes exactly what writeTelegram writes, second after second in one buffer', () => {
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 8 }), (specs) => {
        const template = new TelegramTemplate();
        for (const s of specs) {
          const t: TelegramSpec = s.dialect === 'dsmr50' ? { ...s, capacity: undefined } : s;
          assert.equal(template.write(t).toString('latin1'), writeTelegram(t).toString('latin1'));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps up with a capacity history that grows at a new month', () => {
    const template = new TelegramTemplate();
    const base: TelegramSpec = {
      dialect: 'emucs17',
      time: new Date(Date.UTC(2026, 1, 28, 22, 59, 59)),
      phases: [{ powerImportW: 1200, powerExportW: 0, voltageV: 231 }],
      capacity: {
        averageDemandW: 1500,
        monthPeakW: 4200,
        monthPeakAt: new Date(Date.UTC(2026, 1, 3, 18)),
        history: [],
      },
    };
    const next: TelegramSpec = {
      ...base,
      time: new Date(Date.UTC(2026, 1, 28, 23, 0, 0)),
      capacity: {
        ...base.capacity!,
        history: [{ month: '2026-02', peakW: 4200, at: new Date(Date.UTC(2026, 1, 3, 18)) }],
      },
    };
    for (const s of [base, next, base]) assert.deepEqual(template.write(s), writeTelegram(s));
    // A past month whose peak or peak time changes (same length): the history line is rewritten.
    const entry = next.capacity!.history![0]!;
    for (const h of [
      entry,
      { ...entry, peakW: 5100 },
      { ...entry, at: null },
      { ...entry, at: new Date(NaN) },
    ]) {
      const s: TelegramSpec = { ...next, capacity: { ...next.capacity!, history: [h] } };
      assert.deepEqual(template.write(s), writeTelegram(s));
    }
  });

  it('second after second, as the simulator writes: minutes, both switch days, repeated values', () => {
    // Consecutive seconds with values that often repeat: the fields skip what did not change and
    // the CRC follows only the changed bytes; the TST is written whole once a minute.
    const step = fc.record({
      importW: fc.constantFrom(0, 0, 2300, 2301, 11_000),
      currentA: fc.constantFrom(0, 10, 10.4, 48),
      summerTime: fc.constantFrom(undefined, undefined, true, false),
    });
    const starts = [
      Date.UTC(2026, 2, 29, 0, 59, 30),
      Date.UTC(2026, 9, 25, 0, 59, 50),
      Date.UTC(2026, 0, 19, 11, 59, 0),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom('dsmr50' as const, 'emucs17' as const),
        fc.constantFrom(...starts),
        fc.array(step, { minLength: 1, maxLength: 90 }),
        (dialect, startMs, steps) => {
          const template = new TelegramTemplate();
          let importKWh = 1523.105;
          steps.forEach((st, i) => {
            importKWh += st.importW / 3.6e6;
            const time = new Date(startMs + i * 1000);
            const spec: TelegramSpec = {
              dialect,
              time,
              summerTime: st.summerTime,
              tariff: 1 + (i % 2),
              energyImportKWh: { t1: importKWh, t2: 1287.44 },
              energyExportKWh: { t1: 211.908, t2: 402.117 },
              phases: [0, 1, 2].map((p) => ({
                powerImportW: p === 0 ? st.importW : 0,
                powerExportW: 0,
                voltageV: 230,
                currentA: p === 0 ? st.currentA : 0,
              })),
              capacity:
                dialect === 'emucs17'
                  ? { averageDemandW: st.importW, monthPeakW: 4200, monthPeakAt: time, history: [] }
                  : undefined,
            };
            assert.equal(template.write(spec).toString('latin1'), writeTelegram(spec).toString('latin1'));
          });
        },
      ),
      { seed: 9, numRuns: 150 },
    );
  });

  it('an invalid time falls back to writeTelegram and leaves the template whole', () => {
    const template = new TelegramTemplate();
    const at = (ms: number): TelegramSpec => ({
      time: new Date(ms),
      phases: [{ powerImportW: 1200, powerExportW: 0, voltageV: 231 }],
    });
    const ok = at(Date.UTC(2026, 0, 19, 12));
    assert.deepEqual(template.write(ok), writeTelegram(ok));
    const bad = at(NaN);
    assert.deepEqual(template.write(bad), writeTelegram(bad));
    const next = at(Date.UTC(2026, 0, 19, 12, 0, 1));
    assert.deepEqual(template.write(next), writeTelegram(next));
  });
});
