import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createP1Decoder } from '../meters/dsmr/index.js';
import type { Reading } from '../model/reading.js';
import { controlCurrentA, gridInputFromReading } from './grid-input.js';

const fixtures = new URL('../../../shared/fixtures/telegrams/', import.meta.url);

function reading(file: string): Reading {
  const events = createP1Decoder().push(readFileSync(new URL(file, fixtures)));
  const r = events.find((e) => e.type === 'reading');
  assert.ok(r && r.type === 'reading', `${file} did not parse`);
  return r.reading;
}

describe('grid input from a reading', () => {
  it('keeps the Belgian RMS current where P/V understates it (power factor below 1)', () => {
    const r = reading('index9106749862_belgium-emucs171_1.bin');
    const input = gridInputFromReading(r, 0.2);
    // Reported 11.12 / 15.67 / 17.98 A; P/V gives about 10.2 / 13.7 / 15.8 A.
    const reported = [11.12, 15.67, 17.98];
    input.netCurrentA?.forEach((a, i) =>
      assert.ok(Math.abs(a - ((reported[i] ?? 0) - 0.005)) < 1e-9, `L${i + 1}: ${a}`),
    );
    assert.equal(input.netCurrentA?.length, 3);
    assert.ok((r.phases[0]?.netCurrentA ?? 0) < 10.5, 'the reading itself keeps contract 1 (P/V)');
    assert.equal(input.ageS, 0.2);
    assert.deepEqual(input.capacity, { averageDemandW: 4065, monthPeakW: r.capacity?.monthPeakW ?? null });
  });

  it('uses P/V on DSMR 5 whole amps unless the rounded current proves more', () => {
    const r = reading('basjes_dsmr50_1.txt');
    const input = gridInputFromReading(r, 0);
    // L1 imports 54 W at 238.3 V (0.23 A) and reports 0 A: P/V stands.
    assert.ok(Math.abs((input.netCurrentA?.[0] ?? NaN) - 54 / 238.3) < 0.001);
    // L2 exports 842 W (−3.55 A), reported 3 A: exports keep P/V.
    assert.ok(Math.abs((input.netCurrentA?.[1] ?? NaN) + 842 / 237.1) < 0.001);
    // L3 imports 631 W (2.65 A), reported 3 A: at least 2.5 A, and P/V is more.
    assert.ok(Math.abs((input.netCurrentA?.[2] ?? NaN) - 631 / 237.7) < 0.001);
  });

  it('takes the reported current as a floor on an importing phase', () => {
    const phase = { voltageV: 236, currentA: 2, powerImportW: 379, powerExportW: 0, netCurrentA: 379 / 236 };
    assert.equal(controlCurrentA(phase), 379 / 236, 'P/V (1.61 A) is more than 2 A − 0.5 A');
    assert.equal(controlCurrentA({ ...phase, currentA: 5 }), 4.5);
    assert.equal(controlCurrentA({ ...phase, netCurrentA: null }), null);
  });

  it('has no grid currents when a phase lacks them', () => {
    const r = reading('basjes_dsmr22_1.txt');
    assert.equal(gridInputFromReading(r, 0).netCurrentA, null);
  });
});
