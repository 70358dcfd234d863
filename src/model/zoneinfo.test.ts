import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parsePosixTz, readZone } from './zoneinfo.js';

const HAVE_ZONEINFO = existsSync('/usr/share/zoneinfo/Europe/Brussels') || Boolean(process.env['TZDIR']);
// Without zoneinfo files these tests cannot run: on CI (where .ci/run installs tzdata) that fails.
if (!HAVE_ZONEINFO && process.env['CI'] === 'true') {
  throw new Error(
    'no /usr/share/zoneinfo here (Debian: apt-get install tzdata), and CI must run the zoneinfo tests',
  );
}

// Whole-hour, half-hour and 45-minute offsets, DST in either hemisphere, Dublin's negative DST,
// Lord Howe's half-hour DST, Nuuk's 2023 change, a zone that dropped DST (Sao Paulo, 2019).
const ZONES = [
  'Europe/Amsterdam',
  'Europe/Brussels',
  'Europe/London',
  'Europe/Dublin',
  'America/New_York',
  'America/St_Johns',
  'America/Sao_Paulo',
  'America/Nuuk',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'UTC',
  'Etc/GMT-14',
];

function intlOffsetMs(timeMs: number, timeZone: string): number {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(timeMs)) p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(timeMs / 1000) * 1000;
}

describe('zoneinfo', { skip: HAVE_ZONEINFO ? false : 'no /usr/share/zoneinfo here' }, () => {
  it('agrees with Intl, before and after the files’ last transition (the POSIX footer)', () => {
    const rules = new Map(ZONES.map((z) => [z, readZone(z)]));
    for (const [zone, r] of rules) assert.ok(r, `${zone} has a zoneinfo file`);
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }),
        fc.constantFrom(...ZONES),
        (timeMs, zone) => assert.equal(rules.get(zone)!.offsetMs(timeMs), intlOffsetMs(timeMs, zone), zone),
      ),
      { numRuns: 5000 },
    );
  });

  it('switches at the second of each transition', () => {
    const amsterdam = readZone('Europe/Amsterdam')!;
    // 2026-03-29 01:00 UTC: CET → CEST; 2026-10-25 01:00 UTC: CEST → CET; the same in 2050.
    for (const year of [2026, 2050]) {
      const spring = Date.UTC(year, 2, year === 2026 ? 29 : 27, 1);
      const autumn = Date.UTC(year, 9, year === 2026 ? 25 : 30, 1);
      assert.deepEqual(
        [spring - 1, spring, autumn - 1, autumn].map((t) => amsterdam.offsetMs(t) / 3_600_000),
        [1, 2, 2, 1],
      );
    }
  });

  it('rejects names that are not zone names, and files that are not TZif', () => {
    assert.equal(readZone('../../etc/passwd'), null);
    assert.equal(readZone('Europe/Nowhere'), null);
    assert.equal(readZone('Europe/Brussels', '/etc'), null);
  });
});

describe('POSIX TZ strings', () => {
  const at = (iso: string) => Date.parse(iso) / 1000;
  const cases: [string, string, number][] = [
    ['CET-1CEST,M3.5.0,M10.5.0/3', '2026-03-29T00:59:59Z', 3600],
    ['CET-1CEST,M3.5.0,M10.5.0/3', '2026-03-29T01:00:00Z', 7200],
    ['CET-1CEST,M3.5.0,M10.5.0/3', '2026-10-25T00:59:59Z', 7200],
    ['CET-1CEST,M3.5.0,M10.5.0/3', '2026-10-25T01:00:00Z', 3600],
    ['EST5EDT,M3.2.0,M11.1.0', '2026-07-01T00:00:00Z', -4 * 3600],
    ['EST5EDT,M3.2.0,M11.1.0', '2026-12-01T00:00:00Z', -5 * 3600],
    // Southern hemisphere: summer time across the new year.
    ['AEST-10AEDT,M10.1.0,M4.1.0/3', '2026-01-15T00:00:00Z', 11 * 3600],
    ['AEST-10AEDT,M10.1.0,M4.1.0/3', '2026-06-15T00:00:00Z', 10 * 3600],
    // Negative DST (Dublin: IST in summer is standard time, GMT in winter the "DST").
    ['IST-1GMT0,M10.5.0,M3.5.0/1', '2026-01-15T00:00:00Z', 0],
    ['IST-1GMT0,M10.5.0,M3.5.0/1', '2026-07-15T00:00:00Z', 3600],
    // Quoted names, minutes, rule times below zero (Nuuk since 2023).
    ['<+0545>-5:45', '2026-07-15T00:00:00Z', 5 * 3600 + 45 * 60],
    ['<-02>2<-01>,M3.5.0/-1,M10.5.0/0', '2026-03-29T00:59:59Z', -2 * 3600],
    ['<-02>2<-01>,M3.5.0/-1,M10.5.0/0', '2026-03-29T01:00:00Z', -3600],
    // Julian days: J60 is 1 March in any year; 59 is 29 February in a leap year.
    ['XST-1XDT,J60/0,J300/0', '2028-02-29T12:00:00Z', 3600],
    ['XST-1XDT,J60/0,J300/0', '2028-03-01T12:00:00Z', 7200],
    ['XST-1XDT,59/0,300/0', '2028-02-28T12:00:00Z', 3600],
    ['XST-1XDT,59/0,300/0', '2028-02-29T12:00:00Z', 7200],
    // Summer time all year (RFC 8536 §3.3.1).
    ['<+00>0<+01>,0/0,J365/25', '2026-06-01T00:00:00Z', 3600],
    ['<+00>0<+01>,0/0,J365/25', '2026-12-31T23:30:00Z', 3600],
  ];
  for (const [tz, iso, offsetS] of cases) {
    it(`${tz} at ${iso}: ${offsetS / 3600} h`, () => {
      assert.equal(parsePosixTz(tz)?.offsetS(at(iso)), offsetS);
    });
  }

  it('returns null for what it cannot read', () => {
    for (const tz of ['', 'CET', 'CET-1CEST,M3.5.0', 'CET-1CEST,M13.x.0,M10.5.0'])
      assert.equal(parsePosixTz(tz), null, tz);
  });
});
