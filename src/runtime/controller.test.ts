// The controller end to end, in process: real TCP meter (and a socat pty), real OCPP 1.6 and
// 2.0.1 stations over loopback, the real loader, CSMS, drivers and allocator; a fake clock.
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { createPtyPair, requireSocat } from '../../test/support/socat.js';
import {
  bootV16,
  connectStation,
  DEFAULT_CONFIGURATION_V16,
} from '../protocols/ocpp/test-support/harness.js';
import { parseRunConfig } from './config.js';
import { Controller } from './controller.js';
import { EventBus } from './events.js';
import { selfSignedFiles } from './test-support/tls.js';
import type { HeldProfile } from './test-support/held-profiles.js';
import { closeSites, startSite, type SiteRig } from './test-support/site-rig.js';

afterEach(closeSites);

// 3 x 25 A, 1 A margin: 24 A per phase to share. Increases ramp at 2 A/s without a delay, so a
// test sees the ramp in a few simulated seconds.
const SITE = `
ocpp: { port: 0, host: 127.0.0.1 }
site: { phases: 3, fuseA: 25, marginA: 1, staleAfterS: 3, increaseDelayS: 0, rampAPerS: 2 }
devices:
  - { id: cp1, kind: charger, driver: ocpp, stationId: CP-1, connector: 1, phases: [L1, L2, L3], minA: 6, maxA: 16, priority: 1, mode: now }
  - { id: cp2, kind: charger, driver: ocpp, stationId: CP-2, phases: [L1, L2, L3], maxA: 16, priority: 1, followGraceS: 0 }
`;
const STATIONS = [
  { id: 'CP-1', protocol: 'ocpp1.6' as const },
  { id: 'CP-2', protocol: 'ocpp2.0.1' as const },
];

const tx = (limit: number) => (p: HeldProfile) => p.purpose === 'TxProfile' && p.periods[0]?.limit === limit;

/** Telegrams with this household load until every station holds `limitA`. */
async function settleAt(rig: SiteRig, houseA: number, limitA: number): Promise<void> {
  for (let i = 0; i < 12; i++) {
    await rig.feed(houseA);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the profiles' round trips
    const limits = Object.values(rig.stations).map((s) => s.held.limitAt(rig.clock.now()));
    if (limits.every((l) => l === limitA)) return;
  }
  assert.fail(`stations did not settle at ${limitA} A: ${rig.logs.slice(-20).join('\n')}`);
}

describe('ampshare run: the control loop end to end', () => {
  it('shares the connection and sends lower TxProfiles in the cycle after the household load rises', async () => {
    const rig = await startSite(SITE, STATIONS);
    await settleAt(rig, 2, 11); // (24 − 2) / 2
    const cycle = await rig.feed(10); // (24 − 10) / 2 = 7, at once (fast down)
    assert.deepEqual(
      cycle.result.devices.map((d) => [d.id, d.setpointA]),
      [
        ['cp1', 7],
        ['cp2', 7],
      ],
    );
    for (const station of Object.values(rig.stations)) {
      const profile = await station.take(tx(7), 'TxProfile 7 A');
      assert.equal(profile.durationS, 60, 'the dead-man duration');
      assert.equal(profile.startMs, rig.clock.now());
    }
    const change = await rig.event('device.setpoint', (e) => e.deviceId === 'cp1' && e.setpointA === 7);
    assert.equal(change.previousA, 11);
    assert.match(change.reason, /main/);
  });

  it('says overload.cut for a measured overload, not for current reserved for a station out of reach', async () => {
    const rig = await startSite(SITE, STATIONS);
    await settleAt(rig, 2, 11);
    await rig.stations['CP-2']!.close();
    delete rig.stations['CP-2'];
    await rig.event('ocpp.disconnected', (e) => e.stationId === 'CP-2');
    // 12 A of house + cp1's 11 A measured (23 A); CP-2 may still draw 11 A: the allocator counts 34 A.
    const reserved = await rig.feed(12);
    assert.ok(reserved.result.circuits[0]!.measuredA![0]! > 25, 'the allocator sees the reserve');
    assert.equal(
      rig.events.has((e) => e.type === 'overload.cut'),
      false,
      'no overload was measured',
    );
    await rig.feed(20); // 20 + cp1's draw, measured
    const cut = await rig.event('overload.cut');
    assert.equal(cut.circuit, 'main');
    assert.ok(cut.measuredA > 25 && cut.measuredA < 34, `measured ${cut.measuredA} A`);
  });

  it('puts every station at fail-safe when the meter goes stale, and ramps back when it returns', async () => {
    const rig = await startSite(SITE, STATIONS);
    await settleAt(rig, 2, 11);
    await rig.clock.advance(3_500); // no telegram for longer than staleAfterS
    const stale = await rig.event('meter.stale');
    assert.ok(stale.ageS !== null && stale.ageS > 3);
    const entered = await rig.event('failsafe.entered');
    assert.equal(entered.cause, 'meter');
    for (const station of Object.values(rig.stations)) await station.take(tx(6), 'fail-safe TxProfile 6 A');
    const staleCycle = await rig.event('cycle.completed', (e) => e.trigger === 'stale');
    assert.ok(staleCycle.result.devices.every((d) => d.status === 'failsafe' && d.setpointA === 6));

    await rig.feed(2);
    await rig.event('meter.back');
    await rig.event('failsafe.left');
    // Back up with the ramp (2 A/s), not in one jump to 11 A.
    const seen: number[] = [];
    for (let i = 0; i < 6 && seen.at(-1) !== 11; i++) {
      const profile = await rig.stations['CP-1']!.take((p) => p.purpose === 'TxProfile', 'ramp');
      seen.push(profile.periods[0]!.limit);
      if (seen.at(-1) !== 11) await rig.feed(2);
    }
    assert.ok(seen[0]! > 6 && seen[0]! < 11, `first step after the meter came back: ${seen.join(', ')}`);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      seen,
      'rising',
    );
    assert.equal(seen.at(-1), 11);
  });

  it('counts a station that ignores its limit at its real draw and reduces the others', async () => {
    const rig = await startSite(SITE, STATIONS);
    await settleAt(rig, 2, 11);
    rig.ignoreLimits('CP-2', 16);
    const cycle = await rig.feed(2); // the meter now reads 2 + 11 + 16 = 29 A
    const flagged = await rig.event('device.ignoresLimit');
    assert.equal(flagged.deviceId, 'cp2');
    await rig.event('device.unavailable', (e) => e.deviceId === 'cp2');
    // 24 − 2 (house) − 16 (cp2, as measured) leaves 6 A for cp1.
    assert.equal(cycle.result.devices.find((d) => d.id === 'cp1')?.setpointA, 6);
    await rig.stations['CP-1']!.take(tx(6), 'cp1 reduced to 6 A');
    const held = await rig.event('device.setpoint', (e) => e.deviceId === 'cp2');
    assert.equal(held.setpointA, 6, 'cp2 is held at its fail-safe current');
    const next = await rig.feed(2); // 2 + 6 + 16 = 24 A: at the limit, not over it
    assert.equal(next.result.devices.find((d) => d.id === 'cp1')?.setpointA, 6);
  });

  it("learns a `phases: auto` station's rotation and rebuilds the site model with it", async () => {
    const rig = await startSite(
      `ocpp: { port: 0, host: 127.0.0.1 }
site: { phases: 3, fuseA: 25, increaseDelayS: 0 }
devices:
  - { id: cp1, kind: charger, driver: ocpp, stationId: CP-1, phases: auto, maxA: 16 }`,
      [
        {
          id: 'CP-1',
          protocol: 'ocpp1.6',
          configuration: { ...DEFAULT_CONFIGURATION_V16, ConnectorPhaseRotation: '1.STR' },
        },
      ],
    );
    const cycle = await rig.feed(2);
    const learned = await rig.event('device.phasesLearned');
    assert.deepEqual([learned.deviceId, learned.phases], ['cp1', ['L2', 'L3', 'L1']]);
    assert.deepEqual(rig.controller.loop.site.devices[0]?.phases, ['L2', 'L3', 'L1']);
    assert.deepEqual(cycle.result.devices[0]?.phases, ['L2', 'L3', 'L1']);
    assert.equal(cycle.result.devices[0]?.status, 'running');
  });

  it('reports a cycle over its time budget', async () => {
    const rig = await startSite(`controller: { cycleBudgetMs: 0.000001 }\n${SITE}`, STATIONS);
    await rig.feed(2);
    const overrun = await rig.event('cycle.overrun');
    assert.equal(overrun.budgetMs, 0.000001);
    assert.ok(overrun.durationMs > overrun.budgetMs);
  });

  it('reads the meter through a serial pseudo-terminal (socat)', async (t) => {
    if (!requireSocat(t)) return;
    const pair = await createPtyPair();
    const peer = openSync(pair.peer, 'r+');
    try {
      const rig = await startSite(SITE, STATIONS.slice(0, 1), {
        yaml: `meter: { serial: "${pair.device}", baud: 115200 }`,
        write: (bytes) => void writeSync(peer, bytes),
      });
      const cycle = await rig.feed(2);
      assert.equal(cycle.result.summary.failsafe, false);
      assert.equal(cycle.result.devices.length, 2);
      // CP-2 never connected: it may draw up to its maxA (16 A), which stays reserved: 24 − 2 − 16.
      await settleAt(rig, 2, 6);
    } finally {
      await closeSites();
      closeSync(peer);
      await pair.close();
    }
  });

  it('serves security profile 2 over TLS from the configured certificate files', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ampshare-tls-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const files = selfSignedFiles(dir);
    if (!files) return t.skip('openssl is not installed');
    const password = 'a-long-random-password';
    const config = parseRunConfig(
      `meter: { tcp: "127.0.0.1:9" }
server: { enabled: false }
ocpp: { port: 0, host: 127.0.0.1, securityProfile: 2, tls: { certFile: ${files.certFile}, keyFile: ${files.keyFile} }, stations: { CP-1: { password: ${password} } } }
site: { phases: 3, fuseA: 25 }
devices:
  - { id: cp1, kind: charger, driver: ocpp, stationId: CP-1, phases: [L1, L2, L3], maxA: 16 }`,
      join(dir, 'site.yaml'),
    );
    const bus = new EventBus();
    const configured = new Promise((resolve) => bus.on('ocpp.configured', resolve));
    const controller = await Controller.start({ config, bus });
    t.after(() => controller.stop());
    const station = await connectStation(`wss://127.0.0.1:${controller.ocppPort}`, 'CP-1', {
      protocol: 'ocpp1.6',
      password,
      client: { wsOpts: { ca: readFileSync(files.certFile), minVersion: 'TLSv1.2' } },
    });
    t.after(() => station.close());
    await bootV16(station);
    await configured;
  });
});
