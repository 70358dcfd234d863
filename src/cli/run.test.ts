// `ampshare run` as a real child process against a real TCP meter and real OCPP stations: a bad
// configuration is refused with its lines; SIGKILL leaves the stations with profiles that run out
// to fail-safe on their own; SIGTERM sets fail-safe profiles before the process exits.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { startMeterServer, telegram, type MeterServer } from '../runtime/test-support/meter.js';
import { spawnRun, type Daemon } from '../runtime/test-support/spawn.js';
import { connectRigStation, type RigStation } from '../runtime/test-support/stations.js';

const dir = mkdtempSync(join(tmpdir(), 'ampshare-run-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function writeConfig(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** 2 s profiles: the dead-man's reaction time in this test. */
function siteYaml(meterPort: number): string {
  return `
meter: { tcp: "127.0.0.1:${meterPort}" }
ocpp: { port: 0, host: 127.0.0.1 }
server: { port: 0 }
site: { phases: 3, fuseA: 25, marginA: 1, staleAfterS: 3, increaseDelayS: 0, rampAPerS: 100 }
devices:
  - { id: cp1, kind: charger, driver: ocpp, stationId: CP-1, phases: [L1, L2, L3], maxA: 16, profileDurationS: 2 }
  - { id: cp2, kind: charger, driver: ocpp, stationId: CP-2, phases: [L1, L2, L3], maxA: 16, profileDurationS: 2 }
`;
}

interface Running {
  daemon: Daemon;
  meter: MeterServer;
  stations: RigStation[];
}

/** The daemon, its meter and two stations (1.6 and 2.0.1) in a session, both held at 11 A. */
async function runningSite(name: string): Promise<Running> {
  const meter = await startMeterServer();
  cleanup.push(() => meter.close());
  const daemon = spawnRun(['--config', writeConfig(name, siteYaml(meter.port)), '--json-events']);
  cleanup.push(async () => {
    if (daemon.child.exitCode === null && daemon.child.signalCode === null) daemon.child.kill('SIGKILL');
    await daemon.exited;
  });
  const started = await daemon.event('controller.started', () => true, 20_000);
  const url = `ws://127.0.0.1:${started['ocppPort'] as number}`;
  const stations: RigStation[] = [];
  for (const [id, protocol] of [
    ['CP-1', 'ocpp1.6'],
    ['CP-2', 'ocpp2.0.1'],
  ] as const) {
    const station = await connectRigStation(url, id, protocol);
    cleanup.push(() => station.close());
    await daemon.event('ocpp.configured', (e) => e['stationId'] === id);
    await station.startTransaction(Date.now());
    stations.push(station);
  }
  await meter.connected();
  // Cars draw what they may; the meter sees 2 A of household on top. (24 − 2) / 2 = 11 A each.
  for (let i = 0; i < 40; i++) {
    let carsA = 0;
    for (const s of stations) {
      const drawA = s.held.limitAt(Date.now()) ?? 0;
      await s.reportDraw(drawA, Date.now());
      carsA += drawA;
    }
    meter.send(telegram(Date.now(), [2 + carsA, 2 + carsA, 2 + carsA]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (stations.every((s) => s.held.get('TxProfile')?.periods[0]?.limit === 11))
      return { daemon, meter, stations };
  }
  assert.fail(`stations did not reach 11 A; stderr: ${daemon.stderr()}`);
}

describe('ampshare run (child process)', () => {
  it('refuses a bad configuration, naming file, line and key for every problem', async () => {
    const file = writeConfig(
      'bad.yaml',
      `meter: { tcp: "no-port" }
ocpp: { port: 9000 }
site: { phases: 3, fuseA: 25 }
devices:
  - { id: cp1, kind: charger, driver: ocpp, stationId: CP-1, phases: [L1, L2, L3], maxA: 16, profileDurationS: 0 }
  - { id: cp2, kind: charger, driver: ocpp, stationId: CP-1, phases: [L1, L2, L3], maxA: 16, colour: red }
`,
    );
    const daemon = spawnRun(['--config', file]);
    const { code } = await daemon.exited;
    assert.equal(code, 1);
    const lines = daemon.stderr().trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.replace(file, 'bad.yaml').replace(/: .*$/, '')),
      [
        'bad.yaml:1:15 meter.tcp',
        'bad.yaml:5:112 devices[0].profileDurationS',
        'bad.yaml:6:94 devices[1].colour',
      ],
      daemon.stderr(),
    );
  });

  it('after SIGKILL the stations hold profiles that run out to fail-safe within their duration', async () => {
    const { daemon, stations } = await runningSite('kill.yaml');
    daemon.child.kill('SIGKILL');
    const { atMs: killedAtMs } = await daemon.exited;
    for (const s of stations) {
      const tx = s.held.get('TxProfile');
      assert.equal(tx?.durationS, 2, `${s.id}: the TxProfile runs out after 2 s`);
      assert.deepEqual(s.held.get('TxDefaultProfile')?.periods.at(-1)?.limit, 6, `${s.id}: then fail-safe`);
      assert.equal(s.held.limitAt(killedAtMs), 11, `${s.id} at the kill`);
      assert.equal(s.held.limitAt(killedAtMs + 2_000), 6, `${s.id} one duration later`);
    }
  });

  it('on SIGTERM sets fail-safe profiles on every station, then exits', async () => {
    const { daemon, stations } = await runningSite('term.yaml');
    const failsafe = stations.map((s) =>
      Promise.all(
        ['TxDefaultProfile', 'TxProfile'].map((purpose) =>
          s.take(
            (p) => p.purpose === purpose && p.durationS === null && p.periods[0]?.limit === 6,
            `fail-safe ${purpose}`,
            5_000,
          ),
        ),
      ).then(() => Date.now()),
    );
    daemon.child.kill('SIGTERM');
    const receivedAtMs = await Promise.all(failsafe);
    const { code, atMs: exitedAtMs } = await daemon.exited;
    assert.equal(code, 0, daemon.stderr());
    assert.ok(
      receivedAtMs.every((t) => t <= exitedAtMs),
      'fail-safe set before the exit',
    );
    const confirmed = await daemon.event('failsafe.confirmed');
    assert.deepEqual([confirmed['devices'], confirmed['failed']], [['cp1', 'cp2'], []]);
    for (const s of stations)
      assert.equal(s.held.limitAt(Date.now() + 3_600_000), 6, `${s.id} an hour later`);
  });
});
