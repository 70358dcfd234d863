// Scenario files: the six reference scenarios load; every problem is located by file, line and key.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ConfigError } from '../../config/yaml.js';
import { loadScenario, parseScenario } from './load.js';

const SCENARIOS = new URL('../../../scenarios/', import.meta.url);

const SMALL = `site: { phases: 3, fuseA: 25 }
devices:
  - { id: car, kind: charger, phases: [L1, L2, L3], maxA: 16 }
sim:
  name: small
  start: '2026-01-12'
  days: 1
  evs:
    - { charger: car }
`;

function problems(text: string): string[] {
  try {
    parseScenario(text, 'bad.yaml');
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.message.split('\n');
  }
  assert.fail('expected a ConfigError');
}

describe('scenario files', () => {
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml'));

  it('has the six reference scenarios, and each loads', () => {
    assert.equal(files.length, 6, files.join(', '));
    for (const f of files) {
      const s = loadScenario(new URL(f, SCENARIOS).pathname);
      assert.ok(s.name.length > 0);
      assert.ok(s.sim.days >= 1 && s.sim.days <= 366, `${f}: ${s.sim.days} days`);
    }
  });

  it('fills defaults in both the site and the sim part', () => {
    const s = parseScenario(SMALL);
    assert.equal(s.site.site.marginA, 1);
    assert.equal(s.sim.meter.dialect, 'dsmr50');
    assert.equal(s.sim.breakers.tauS, 150);
    assert.deepEqual(s.sim.evs[0]?.responseDelayS, [1, 5]);
  });

  it('locates an unknown key in the sim part by line', () => {
    const out = problems(SMALL.replace('  days: 1\n', '  days: 1\n  sead: 3\n'));
    assert.deepEqual(out, ['bad.yaml:8:3 sim.sead: unknown key']);
  });

  it("locates a site problem by line, with the site loader's own checks", () => {
    const out = problems(SMALL.replace('maxA: 16', 'maxA: 16, minA: 20'));
    assert.deepEqual(out, ['bad.yaml:3:69 devices[0].minA: minA 20 > maxA 16']);
  });

  it('says which device, circuit or phase of the world does not fit the site', () => {
    const out = problems(
      SMALL.replace('{ charger: car }', '{ charger: kar }') +
        '  appliances:\n    - { kind: kettle, phases: [L1], circuit: garage }\n',
    );
    assert.deepEqual(out, [
      'bad.yaml:11:46 sim.appliances[0].circuit: unknown circuit "garage"',
      'bad.yaml:9:18 sim.evs[0].charger: unknown device "kar"',
      'bad.yaml:3:11 devices[0].id: device "car" has no model in sim (evs, heatPumps, boilers or batteries)',
    ]);
  });

  it('refuses a 1-phase load on an it network', () => {
    const it = SMALL.replace('{ phases: 3, fuseA: 25 }', '{ phases: 3, network: it, fuseA: 25 }');
    const out = problems(`${it}  appliances:\n    - { kind: kettle, phases: [L1] }\n`);
    assert.deepEqual(out, [
      'bad.yaml:11:31 sim.appliances[0].phases: on an it network a 1-phase appliance sits between two lines: list both',
    ]);
  });

  it('refuses a start that is not a local date', () => {
    const out = problems(SMALL.replace("'2026-01-12'", "'2026-1-12'"));
    assert.equal(out.length, 1);
    assert.match(out[0]!, /^bad\.yaml:6:10 sim\.start: a start is "YYYY-MM-DD"/);
  });
});
