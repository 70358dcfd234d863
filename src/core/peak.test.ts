import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aSite } from './test-support/builders.js';
import { advanceQuarter, quarterBudget, type MonthState, type QuarterState } from './peak.js';

const TZ = 'Europe/Brussels';
const ms = (iso: string) => Date.parse(iso);
const noInputs = { grid: { netCurrentA: [0, 0, 0] } };

function run(powersW: [string, number][], start: { quarter: QuarterState | null; month: MonthState | null }) {
  let acc = start;
  let last = advanceQuarter(acc, 0, 0, TZ, noInputs);
  for (const [iso, w] of powersW) {
    last = advanceQuarter(acc, w, ms(iso), TZ, noInputs);
    acc = last;
  }
  return last;
}

describe('quarter-hour accounting', () => {
  it('integrates import power between readings (trapezoid)', () => {
    const r = run(
      [
        ['2026-11-24T10:00:00+01:00', 4000],
        ['2026-11-24T10:05:00+01:00', 4000],
        ['2026-11-24T10:10:00+01:00', 2000],
      ],
      { quarter: null, month: null },
    );
    // 5 min at 4 kW + 5 min ramping 4 → 2 kW = 333.3 + 250 Wh.
    assert.ok(Math.abs(r.quarter.energyWh - (4000 / 12 + 3000 / 12)) < 1e-9);
    assert.equal(r.elapsedS, 600);
  });

  it('closes a quarter into the month peak and starts the next one', () => {
    const r = run(
      [
        ['2026-11-24T10:00:00+01:00', 6000],
        ['2026-11-24T10:14:59+01:00', 6000],
        ['2026-11-24T10:15:01+01:00', 6000],
      ],
      { quarter: null, month: { key: '2026-11', peakW: 3000 } },
    );
    assert.ok(Math.abs(r.month.peakW - 6000) < 1e-6);
    assert.equal(r.quarter.startMs, ms('2026-11-24T10:15:00+01:00'));
    assert.ok(Math.abs(r.quarter.energyWh - 6000 / 3600) < 1e-9); // one second at 6 kW
  });

  it('a new month starts from 0', () => {
    const r = advanceQuarter(
      { quarter: null, month: { key: '2026-11', peakW: 7000 } },
      1000,
      ms('2026-12-01T00:00:10+01:00'),
      TZ,
      noInputs,
    );
    assert.deepEqual(r.month, { key: '2026-12', peakW: 0 });
  });

  it('cold start mid-quarter: assumes the quarter so far ran at the present import', () => {
    const r = advanceQuarter(
      { quarter: null, month: null },
      3600,
      ms('2026-11-24T10:10:00+01:00'),
      TZ,
      noInputs,
    );
    assert.ok(Math.abs(r.quarter.energyWh - 600) < 1e-9);
  });

  it("the meter's own figures win: quarterHour.energyKWh, e-MUCS averageDemandW and monthPeakW", () => {
    const t = ms('2026-11-24T10:10:00+01:00');
    const given = advanceQuarter({ quarter: null, month: null }, 0, t, TZ, {
      grid: { netCurrentA: [0], capacity: { averageDemandW: 9000, monthPeakW: 4200 } },
      quarterHour: { energyKWh: 0.5, elapsedS: 590 },
    });
    assert.equal(given.quarter.energyWh, 500);
    assert.equal(given.elapsedS, 590);
    assert.equal(given.month.peakW, 4200);
    const demand = advanceQuarter({ quarter: null, month: null }, 0, t, TZ, {
      grid: { netCurrentA: [0], capacity: { averageDemandW: 3000 } },
    });
    assert.equal(demand.quarter.energyWh, 500); // 3 kW average over 600 s
  });
});

describe('quarter-hour budget', () => {
  const reading = (energyWh: number, elapsedS: number, peakW = 0) => ({
    quarter: { startMs: 0, energyWh, lastMs: 0, lastImportW: 0 },
    month: { key: '2026-11', peakW },
    elapsedS,
  });

  it('allowed average for the rest = (target·900 − energy so far·3600) / remaining s', () => {
    const site = aSite({ site: { peak: { targetW: 8000, marginW: 100 } } }).site;
    const early = quarterBudget(site, reading(0, 0));
    assert.equal(early?.allowedW, 7900);
    // 1.75 kWh in 780 s (8.1 kW average): 120 s left for (7900·900 − 1750·3600) J.
    const late = quarterBudget(site, reading(1750, 780));
    assert.equal(late?.allowedW, (7900 * 900 - 1750 * 3600) / 120);
    assert.equal(late?.allowedW, 6750);
    assert.ok(Math.abs((late?.averageSoFarW ?? 0) - 8076.92) < 0.01);
  });

  it('monthPeak: the month’s highest quarter so far, never below minimumW (2.5 kW)', () => {
    const site = aSite({ site: { peak: { targetW: 'monthPeak' } } }).site;
    assert.equal(quarterBudget(site, reading(0, 0, 1200))?.targetW, 2500);
    assert.equal(quarterBudget(site, reading(0, 0, 0))?.targetW, 2500);
    assert.equal(quarterBudget(site, reading(0, 0, 6100))?.targetW, 6100);
  });

  it('is null without peak control', () => {
    assert.equal(quarterBudget(aSite().site, reading(0, 0)), null);
  });
});
