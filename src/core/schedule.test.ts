import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aSite } from './test-support/builders.js';
import { entryActive, localTime, mainLimit, monthKey, secondsUntilClock } from './schedule.js';

const ms = (iso: string) => Date.parse(iso);
/** The zone's UTC offset at an instant, ms, from its wall clock. */
const zoneOffset = (zone: string, t: number) => {
  const w = localTime(t, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - t;
};

describe('local wall time', () => {
  it('follows daylight saving in the site zone (Europe/Brussels: +01:00 in winter, +02:00 in summer)', () => {
    assert.equal(localTime(ms('2026-01-15T16:30:00Z'), 'Europe/Brussels').minuteOfDay, 17 * 60 + 30);
    assert.equal(localTime(ms('2026-07-15T16:30:00Z'), 'Europe/Brussels').minuteOfDay, 18 * 60 + 30);
    assert.equal(localTime(ms('2026-11-24T18:00:00+01:00'), 'Europe/Brussels').weekday, 'tue');
  });

  it('months are local: 23:30 UTC on 31 March is already April in Brussels', () => {
    assert.equal(monthKey(ms('2026-03-31T23:30:00Z'), 'Europe/Brussels'), '2026-04');
    assert.equal(monthKey(ms('2026-03-31T23:30:00Z'), 'UTC'), '2026-03');
  });

  it('month keys asked second by second across a month change match the wall clock (the key is kept per quarter)', () => {
    const zones = [
      'Europe/Brussels',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Australia/Eucla',
      'America/St_Johns',
    ];
    for (const zone of zones) {
      // From 40 minutes before the local month change to 40 minutes after, one second at a time.
      const change =
        Date.parse('2026-05-01T00:00:00Z') - zoneOffset(zone, Date.parse('2026-05-01T00:00:00Z'));
      for (let t = change - 2_400_000; t < change + 2_400_000; t += 1000) {
        const wall = localTime(t, zone);
        assert.equal(
          monthKey(t, zone),
          `${wall.year}-${String(wall.month).padStart(2, '0')}`,
          `${zone} ${t}`,
        );
      }
      // Another zone in the same quarter gets its own answer.
      assert.equal(monthKey(change, zone), '2026-05');
      assert.equal(monthKey(change, 'Pacific/Kiritimati'), '2026-05');
      assert.equal(monthKey(change, 'Pacific/Pago_Pago'), '2026-04');
    }
  });

  it('counts the seconds to the next departure time', () => {
    assert.equal(secondsUntilClock('07:00', ms('2026-11-24T22:00:00+01:00'), 'Europe/Brussels'), 9 * 3600);
    assert.equal(secondsUntilClock('23:00', ms('2026-11-24T22:00:00+01:00'), 'Europe/Brussels'), 3600);
    assert.equal(secondsUntilClock('22:00', ms('2026-11-24T22:00:00+01:00'), 'Europe/Brussels'), 24 * 3600);
  });
});

describe('site limit schedule', () => {
  const t = (iso: string) => localTime(ms(iso), 'Europe/Brussels');

  it('a window holds from its start (inclusive) to its end (exclusive)', () => {
    const e = { from: '17:00', to: '21:00', limitA: 40 };
    assert.equal(entryActive(e, t('2026-11-24T16:59:59+01:00')), false);
    assert.equal(entryActive(e, t('2026-11-24T17:00:00+01:00')), true);
    assert.equal(entryActive(e, t('2026-11-24T20:59:00+01:00')), true);
    assert.equal(entryActive(e, t('2026-11-24T21:00:00+01:00')), false);
  });

  it('a window across midnight belongs to the day it starts on', () => {
    const e = { from: '22:00', to: '06:00', days: ['fri' as const], limitA: 20 };
    assert.equal(entryActive(e, t('2026-11-27T23:00:00+01:00')), true); // Friday night
    assert.equal(entryActive(e, t('2026-11-28T05:00:00+01:00')), true); // Saturday morning, Friday's window
    assert.equal(entryActive(e, t('2026-11-28T23:00:00+01:00')), false); // Saturday night
    assert.equal(entryActive(e, t('2026-11-27T05:00:00+01:00')), false); // Friday morning: Thursday's
  });

  it('from == to is the whole day; days restrict', () => {
    const e = { from: '00:00', to: '00:00', days: ['sat' as const, 'sun' as const], limitA: 30 };
    assert.equal(entryActive(e, t('2026-11-29T12:00:00+01:00')), true);
    assert.equal(entryActive(e, t('2026-11-30T12:00:00+01:00')), false);
  });

  it('main takes the lowest of the fuse and every active entry', () => {
    const site = aSite({
      site: {
        fuseA: 63,
        timezone: 'Europe/Brussels',
        schedule: [
          { from: '17:00', to: '21:00', limitA: 40 },
          { from: '18:00', to: '19:00', limitA: 32 },
          { from: '00:00', to: '00:00', limitA: 80 },
        ],
      },
    }).site;
    assert.equal(mainLimit(site, ms('2026-11-24T16:00:00+01:00')).limitA, 63);
    assert.equal(mainLimit(site, ms('2026-11-24T17:30:00+01:00')).limitA, 40);
    const both = mainLimit(site, ms('2026-11-24T18:30:00+01:00'));
    assert.equal(both.limitA, 32);
    assert.equal(both.entry?.from, '18:00');
  });
});
