import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { localTime, zoneOffsetMs } from './local-time.js';

// Zones with whole-hour, half-hour and 45-minute offsets, DST in either hemisphere, and Lord Howe's
// half-hour DST shift.
const ZONES = [
  'Europe/Amsterdam',
  'Europe/Brussels',
  'Europe/Luxembourg',
  'America/St_Johns',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'UTC',
];

function intlParts(timeMs: number, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
  });
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(timeMs)) p[part.type] = part.value;
  return p;
}

describe('local time', () => {
  it('agrees with Intl everywhere, transitions included', () => {
    const from = Date.UTC(2018, 0, 1);
    const to = Date.UTC(2032, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.constantFrom(...ZONES), (timeMs, zone) => {
        const t = localTime(timeMs, zone);
        const p = intlParts(timeMs, zone);
        assert.deepEqual(
          [t.year, t.month, t.day, t.hour, t.minute, t.second],
          [p.year, p.month, p.day, p.hour, p.minute, p.second].map(Number),
        );
        assert.equal(t.weekday, p.weekday?.toLowerCase());
      }),
      { numRuns: 5000 },
    );
  });

  it('switches offset exactly at the EU transitions', () => {
    // 2026-03-29 01:00 UTC: CET → CEST; 2026-10-25 01:00 UTC: CEST → CET.
    const spring = Date.UTC(2026, 2, 29, 1);
    const autumn = Date.UTC(2026, 9, 25, 1);
    assert.equal(zoneOffsetMs(spring - 1, 'Europe/Amsterdam'), 3_600_000);
    assert.equal(zoneOffsetMs(spring, 'Europe/Amsterdam'), 7_200_000);
    assert.equal(zoneOffsetMs(autumn - 1, 'Europe/Brussels'), 7_200_000);
    assert.equal(zoneOffsetMs(autumn, 'Europe/Brussels'), 3_600_000);
    assert.equal(localTime(spring, 'Europe/Amsterdam').hour, 3);
    assert.equal(localTime(autumn, 'Europe/Amsterdam').hour, 2);
  });

  it('asks Intl where there are no zoneinfo files', () => {
    const saved = process.env['TZDIR'];
    const empty = mkdtempSync(join(tmpdir(), 'ampshare-tzdir-'));
    process.env['TZDIR'] = empty;
    try {
      // A zone no other test here has looked up: its rules are read (and not found) now.
      for (const timeMs of [
        Date.UTC(2026, 2, 8, 10, 59, 59),
        Date.UTC(2026, 2, 8, 11),
        Date.UTC(2026, 6, 1),
      ]) {
        const t = localTime(timeMs, 'America/Anchorage');
        const p = intlParts(timeMs, 'America/Anchorage');
        assert.deepEqual([t.day, t.hour, t.minute], [p.day, p.hour, p.minute].map(Number));
      }
    } finally {
      if (saved === undefined) delete process.env['TZDIR'];
      else process.env['TZDIR'] = saved;
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
