// Calls to stations: each has its own timeout (ampshare's, not ocpp-rpc's, session.ts), counted
// from when it is sent; a call left unanswered is reported and lets the station's next call go.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connector, open, station } from './test-support/cleanup.js';
import { bootV16, startCsms } from './test-support/harness.js';

describe('calls to a station', () => {
  it('a call left unanswered fails after callTimeoutS, is reported, and frees the station for the next', async () => {
    const h = await startCsms({ callTimeoutS: 0.3 });
    open.push(() => h.close());
    let profiles = 0;
    const s = await station(h.url, 'CP-SLOW', {
      protocol: 'ocpp1.6',
      // The first profile after boot is never answered; later ones are.
      answer: {
        SetChargingProfile: () => (++profiles === 1 ? new Promise(() => {}) : { status: 'Accepted' }),
      },
    });
    const handle = connector(h.csms, 'CP-SLOW');
    const t0 = performance.now();
    await bootV16(s);
    const failed = await h.event('ocpp.callFailed', (e) => e.stationId === 'CP-SLOW');
    assert.equal(failed.method, 'SetChargingProfile');
    assert.match(failed.error, /no answer to SetChargingProfile within 0\.3 s/);
    assert.ok(performance.now() - t0 >= 300, 'not before the timeout');
    // ocpp-rpc sends one call at a time per station: the next goes out only if the first was let go.
    handle.setLimit({ currentA: 8, phases: 3 });
    type Profile = {
      csChargingProfiles: { chargingSchedule: { chargingSchedulePeriod: { limit: number }[] } };
    };
    await s.take<Profile>(
      'SetChargingProfile',
      (p) => p.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0]?.limit === 8,
    );
    await h.event('ocpp.limitAccepted', (e) => e.stationId === 'CP-SLOW');
  });

  it('times a call from when it is sent, not from when it joined the station’s queue', async () => {
    // Two connectors' first profiles go to one station, one call at a time; the station takes
    // 0.2 s to answer each, the timeout is 0.3 s: the second waits 0.2 s, then has its 0.3 s.
    const h = await startCsms({ callTimeoutS: 0.3 });
    open.push(() => h.close());
    const slow = () => new Promise((resolve) => setTimeout(() => resolve({ status: 'Accepted' }), 200));
    const s = await station(h.url, 'CP-2C', { protocol: 'ocpp1.6', answer: { SetChargingProfile: slow } });
    for (const connectorId of [1, 2]) connector(h.csms, 'CP-2C', connectorId);
    await bootV16(s);
    for (const connectorId of [1, 2]) {
      await h.event('ocpp.limitAccepted', (e) => e.stationId === 'CP-2C' && e.connectorId === connectorId);
    }
    assert.deepEqual(
      h.events.items.filter((e) => e.type === 'ocpp.callFailed'),
      [],
    );
  });
});
