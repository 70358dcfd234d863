// The event → notification table, with the memory two of its kinds need.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AmpshareEvent } from '../runtime/events.js';
import { Detector } from './detect.js';
import { aSetpoint, T0 } from './test-support/builders.js';

type Row = [atS: number, event: AmpshareEvent, expected: string | null];

/** Feeds the rows in order to one detector; each expected is "kind | subject | title | message". */
function check(rows: Row[]): void {
  const detector = new Detector();
  for (const [atS, event, expected] of rows) {
    const n = detector.detect(event, T0 + atS * 1000);
    const got = n && `${n.kind} | ${n.subject} | ${n.title} | ${n.message}`;
    assert.equal(got, expected, `${event.type} at ${atS} s`);
    if (n) {
      assert.equal(n.atMs, T0 + atS * 1000);
      assert.equal(n.event, event);
      assert.deepEqual(n.counts, { [n.kind]: 1 });
    }
  }
}

describe('Detector', () => {
  it('tells a pause (running → paused) and a resume (paused → running), nothing else', () => {
    check([
      [0, aSetpoint('car1', 'paused'), null],
      [
        10,
        aSetpoint('car1', 'running'),
        'device.resumed | device car1 | car1 resumed | 10 A on L1,L2,L3 after 10 s paused: surplus 2.4 kW',
      ],
      [20, { ...aSetpoint('car1', 'running'), setpointA: 12 }, null],
      [30, aSetpoint('car1', 'paused'), 'device.paused | device car1 | car1 paused | no surplus for 5 min'],
      [40, { ...aSetpoint('car1', 'running'), status: 'failsafe' }, null],
      [50, aSetpoint('car1', 'running'), null],
      [60, aSetpoint('car2', 'running'), null],
      [360, aSetpoint('car2', 'paused'), 'device.paused | device car2 | car2 paused | no surplus for 5 min'],
      [
        660,
        aSetpoint('car2', 'running'),
        'device.resumed | device car2 | car2 resumed | 10 A on L1,L2,L3 after 5 min paused: surplus 2.4 kW',
      ],
    ]);
  });

  it('tells a station online only after it went offline', () => {
    check([
      [0, { type: 'ocpp.connected', stationId: 'cp1', protocol: 'ocpp1.6' }, null],
      [
        5,
        { type: 'ocpp.disconnected', stationId: 'cp1', code: 1006, reason: 'connection lost' },
        'station.offline | station cp1 | Station cp1 offline | connection lost',
      ],
      [
        185,
        { type: 'ocpp.connected', stationId: 'cp1', protocol: 'ocpp1.6' },
        'station.online | station cp1 | Station cp1 online | connected again (ocpp1.6) after 3 min offline',
      ],
      [190, { type: 'ocpp.connected', stationId: 'cp1', protocol: 'ocpp1.6' }, null],
    ]);
  });

  it('maps the other kinds straight from their events', () => {
    check([
      [
        0,
        {
          type: 'overload.cut',
          circuit: 'main',
          phase: 'L2',
          measuredA: 27.5,
          limitA: 25,
          devices: [],
          message: 'High consumption detected on main L2',
        },
        'overload | circuit main L2 | Overload on main L2 | High consumption detected on main L2',
      ],
      [
        1,
        { type: 'meter.stale', ageS: 10, staleAfterS: 10, message: 'no telegram for 10.0 s' },
        'meter.stale | meter | Meter data stale | no telegram for 10.0 s',
      ],
      [
        2,
        { type: 'failsafe.entered', cause: 'meter', reason: 'meter data stale' },
        'failsafe | failsafe meter | Fail-safe (meter) | meter: meter data stale',
      ],
      [
        3,
        { type: 'meter.back', staleForS: 12, message: 'telegrams again after 12.0 s' },
        'meter.back | meter | Meter data back | telegrams again after 12.0 s',
      ],
      [
        4,
        {
          type: 'peak.monthly',
          month: '2025-06',
          peakW: 4210,
          previousW: 3900,
          message: 'new highest quarter hour of 2025-06: 4.21 kW (was 3.90 kW)',
        },
        'peak.monthly | peak | New 2025-06 peak: 4.21 kW | new highest quarter hour of 2025-06: 4.21 kW (was 3.90 kW)',
      ],
      [
        5,
        {
          type: 'device.ignoresLimit',
          deviceId: 'hp',
          reason: 'draws 14 A over its 8 A limit',
          limitA: 8,
          measuredA: 14,
        },
        'device.ignoresLimit | device hp limit | hp ignores its limit | draws 14 A over its 8 A limit',
      ],
      [6, { type: 'device.followsLimit', deviceId: 'hp' }, null],
      [7, { type: 'meter.error', message: 'CRC mismatch' }, null],
    ]);
  });
});
