// The run configuration loader: the site config plus meter/ocpp/controller and per-device driver
// keys, every problem located by file, line and key.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../config/yaml.js';
import { DRIVERS } from '../devices/registry.js';
import { parseRunConfig } from './config.js';

const SITE = 'site: { phases: 3, fuseA: 25 }';
const KNOWN = Object.keys(DRIVERS).join(', ');
const ISSUE_DEVICE =
  '{ id: cp1, kind: charger, driver: ocpp, stationId: CP-1, connector: 1, phases: [L1, L2, L3], minA: 6, maxA: 16, priority: 1, mode: now }';

function problems(text: string): string[] {
  try {
    parseRunConfig(text, 'site.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  assert.fail('expected a ConfigError');
}

describe('run configuration', () => {
  it("accepts the issue's example and splits each device's driver keys from the allocator's", () => {
    const config = parseRunConfig(
      `meter: { tcp: "127.0.0.1:2323" }\nocpp:  { port: 9000 }\n${SITE}\ndevices:\n  - ${ISSUE_DEVICE}\n`,
      'site.yaml',
    );
    assert.deepEqual(config.meter.source, { kind: 'tcp', host: '127.0.0.1', port: 2323 });
    const site = config.site.devices[0]!;
    assert.equal(site.kind === 'charger' && [site.maxA, site.priority, site.mode].join(), '16,1,now');
    assert.equal('stationId' in site, false, 'driver-only keys are not the allocator’s');
    const device = config.devices[0]!;
    assert.deepEqual([device.id, device.driver, device.autoPhases], ['cp1', 'ocpp', false]);
    assert.deepEqual(device.driverConfig, {
      id: 'cp1',
      stationId: 'CP-1',
      connector: 1,
      phases: ['L1', 'L2', 'L3'],
      minA: 6,
      maxA: 16,
      failsafeA: 6,
      voltageV: 230,
      network: 'tn',
      profileDurationS: 60,
      followGraceS: 30,
      followToleranceA: 2,
    });
    assert.deepEqual(config.ocpp?.stations, { 'CP-1': {} }, 'a station a device names is a known station');
    assert.deepEqual(config.controller, { cycleBudgetMs: 200, shutdownTimeoutS: 10 });
  });

  it('gives the driver the site-wide voltage and fail-safe current unless the device sets its own', () => {
    const config = parseRunConfig(
      `meter: { tcp: "h:1" }\nocpp: {}\nsite: { phases: 3, fuseA: 25, voltageV: 240, failsafeA: 8 }
devices:
  - { id: a, kind: charger, driver: ocpp, stationId: A, phases: [L1, L2, L3], maxA: 16 }
  - { id: b, kind: charger, driver: ocpp, stationId: B, phases: [L1, L2, L3], maxA: 16, failsafeA: 0 }`,
    );
    const [a, b] = config.devices.map((d) => d.driverConfig as { voltageV: number; failsafeA: number });
    assert.deepEqual([a?.voltageV, a?.failsafeA, b?.voltageV, b?.failsafeA], [240, 8, 240, 0]);
  });

  it('takes `phases: auto` to the driver and keeps a provisional three-phase wiring for the allocator', () => {
    const config = parseRunConfig(
      `meter: { tcp: "h:1" }\nocpp: {}\n${SITE}\ndevices:\n  - { id: a, kind: charger, driver: ocpp, stationId: A, phases: auto, maxA: 16 }`,
    );
    assert.deepEqual(config.site.devices[0]?.phases, ['L1', 'L2', 'L3']);
    assert.equal(config.devices[0]?.autoPhases, true);
    assert.equal((config.devices[0]?.driverConfig as { phases: unknown }).phases, 'auto');
    assert.deepEqual(
      problems(
        `meter: { tcp: "h:1" }\nocpp: {}\nsite: { phases: 1, fuseA: 40 }\ndevices:\n  - { id: a, kind: charger, driver: ocpp, stationId: A, phases: auto, maxA: 16 }`,
      ),
      ['site.yaml:5:65 devices[0].phases: phases: auto is for three-phase stations on a three-phase site'],
    );
  });

  it('locates every problem: run sections, driver keys, site keys, in file order', () => {
    assert.deepEqual(
      problems(`controller: { cycleBudgetMs: -5 }
meter: { tcp: "h:1", file: x.txt, baud: 9600 }
ocpp: { port: 70000 }
site: { phases: 3, fuseA: 25 }
devices:
  - id: a
    kind: charger
    driver: ocpp
    stationId: A
    phases: [L1, L2, L3]
    maxA: 16
    followGraceS: soon
    colour: red
  - { id: b, kind: charger, driver: modbus, phases: [L1], maxA: 16 }
  - { id: c, kind: charger, phases: [L1], maxA: 16 }
`),
      [
        'site.yaml:1:30 controller.cycleBudgetMs: Too small: expected number to be >0',
        'site.yaml:2:8 meter: give exactly one of tcp, serial, http, file (got tcp, file)',
        'site.yaml:2:41 meter.baud: baud goes with serial',
        'site.yaml:3:15 ocpp.port: Too big: expected number to be <=65535',
        'site.yaml:12:19 devices[0].followGraceS: Invalid input: expected number, received string',
        'site.yaml:13:5 devices[0].colour: unknown key',
        `site.yaml:14:37 devices[1].driver: unknown driver "modbus" (known: ${KNOWN})`,
        `site.yaml:15:5 devices[2]: a device needs a driver to run (driver: one of ${KNOWN})`,
      ],
    );
  });

  it('needs a meter, and an ocpp section for ocpp devices', () => {
    assert.deepEqual(problems(`${SITE}\ndevices:\n  - ${ISSUE_DEVICE}`), [
      'site.yaml:1:1 meter: missing (e.g. meter: { tcp: "192.168.1.40:2323" })',
      'site.yaml:3:39 devices[0].driver: driver ocpp needs an `ocpp:` section (e.g. ocpp: { port: 9000 })',
    ]);
  });

  it('refuses two devices on one connector, and unlisted stations under basic auth', () => {
    assert.deepEqual(
      problems(`meter: { tcp: "h:1" }
ocpp: { securityProfile: 1, stations: { A: { password: secret-password-1 } } }
${SITE}
devices:
  - { id: a, kind: charger, driver: ocpp, stationId: A, phases: [L1, L2, L3], maxA: 16 }
  - { id: b, kind: charger, driver: ocpp, stationId: A, connector: 1, phases: [L1, L2, L3], maxA: 16 }
  - { id: c, kind: charger, driver: ocpp, stationId: C, phases: [L1, L2, L3], maxA: 16 }`),
      [
        'site.yaml:6:68 devices[1].connector: station A connector 1 is already device "a"',
        'site.yaml:7:54 devices[2].stationId: station "C" needs its password under ocpp.stations (security profile 1)',
      ],
    );
  });

  it('security profile 2 needs a certificate and key it can read', () => {
    assert.deepEqual(problems(`meter: { tcp: "h:1" }\nocpp: { securityProfile: 2 }\n${SITE}`), [
      'site.yaml:2:26 ocpp.securityProfile: security profile 2 needs ocpp.tls: { certFile, keyFile }',
    ]);
    const missing = problems(
      `meter: { tcp: "h:1" }\nocpp: { securityProfile: 2, tls: { certFile: nope.pem, keyFile: nope.key } }\n${SITE}`,
    );
    assert.equal(missing.length, 2);
    assert.match(missing[0]!, /^site\.yaml:2:46 ocpp\.tls\.certFile: cannot read: ENOENT/);
  });

  it('resolves a recording relative to the configuration file and replays it at meter pace', () => {
    const config = parseRunConfig(
      `meter: { file: captures/home.txt, key: 000102030405060708090A0B0C0D0E0F }\n${SITE}`,
      '/etc/ampshare/site.yaml',
    );
    assert.deepEqual(config.meter.source, {
      kind: 'file',
      path: '/etc/ampshare/captures/home.txt',
      realtime: true,
    });
    assert.equal(config.meter.decoder.key?.length, 16);
    assert.equal(config.ocpp, null);
  });

  it('server, dataDir and notify: defaults, and located problems', () => {
    const base = `meter: { tcp: "127.0.0.1:2323" }\n${SITE}\ndevices: []\n`;
    const config = parseRunConfig(base, '/etc/ampshare/site.yaml');
    assert.deepEqual(
      {
        port: config.server?.port,
        host: config.server?.host,
        dataDir: config.dataDir,
        notify: config.notify,
      },
      { port: 7070, host: '127.0.0.1', dataDir: '/etc/ampshare/data', notify: null },
    );
    const off = parseRunConfig(`${base}server: { enabled: false }\ndataDir: false\n`, 'site.yaml');
    assert.deepEqual([off.server, off.dataDir], [null, null]);
    assert.deepEqual(
      problems(
        `${base}server: { host: 0.0.0.0, colour: red }\nnotify:\n  sinks: { hook: { webhook: { url: "http://127.0.0.1:1/x" } } }\n  rules: [{ on: [meter.stale], to: [phone] }]\n`,
      ).map((l) => l.replace(/: .*$/, '')),
      ['site.yaml:4:17 server.host', 'site.yaml:4:26 server.colour', 'site.yaml:7:37 notify.rules[0].to[0]'],
    );
    assert.match(problems(`${base}server: { host: 0.0.0.0 }\n`)[0]!, /needs server\.token/);
  });
});
