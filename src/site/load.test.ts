import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ConfigError } from '../config/yaml.js';
import { loadSiteConfig, parseSiteConfig } from './load.js';

const example = new URL('../../examples/site.yaml', import.meta.url).pathname;

function problemsOf(text: string): string[] {
  try {
    parseSiteConfig(text, 'site.yaml');
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err.problems.map((p) => `${p.line}:${p.path.join('.')}: ${p.message}`);
  }
  assert.fail('expected the configuration to be refused');
}

describe('site configuration', () => {
  it("accepts the issue's example as it is, with defaults filled in", () => {
    const config = loadSiteConfig(example);
    assert.equal(config.site.fuseA, 25);
    assert.equal(config.site.neutralA, 25);
    assert.equal(config.site.timezone, 'Europe/Amsterdam');
    assert.deepEqual(config.circuits, [{ id: 'garage', parent: 'main', fuseA: 20, metered: false }]);
    const car = config.devices[0];
    assert.ok(car && car.kind === 'charger');
    assert.deepEqual(car.phases, ['L2', 'L3', 'L1']);
    assert.equal(car.stepA, 1);
    assert.equal(car.minOnS, 60);
  });

  it('names the file, line and key of an unknown key', () => {
    const text = readFileSync(example, 'utf8').replace('    priority: 1', '    priority: 1\n    maxAmps: 32');
    try {
      parseSiteConfig(text, 'site.yaml');
      assert.fail('unknown key accepted');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /^site\.yaml:21:5 devices\[0\]\.maxAmps: unknown key$/m);
    }
  });

  it('names the line of a bad value', () => {
    const problems = problemsOf('site:\n  phases: 3\n  fuseA: -25\n');
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^3:site\.fuseA: /);
  });

  it('points a missing required key at its parent', () => {
    const problems = problemsOf(
      'site:\n  phases: 3\ndevices:\n  - id: car\n    kind: charger\n    phases: [L1]\n',
    );
    assert.deepEqual(
      problems.map((p) => p.split(': ')[0]),
      ['1:site.fuseA', '4:devices.0.maxA'],
    );
  });

  it('refuses unknown parents, cycles, duplicate ids and phases a site does not have', () => {
    const text = [
      'site: { phases: 1, fuseA: 35 }',
      'circuits:',
      '  - { id: a, parent: b, fuseA: 16 }',
      '  - { id: b, parent: a, fuseA: 16 }',
      '  - { id: c, parent: nowhere, fuseA: 16 }',
      'devices:',
      '  - { id: car, kind: charger, phases: [L2], maxA: 16 }',
      '  - { id: car, kind: switch, phases: [L1], powerW: 2000, circuit: d }',
    ].join('\n');
    const problems = problemsOf(text);
    assert.deepEqual(problems, [
      '3:circuits.0.parent: circuit "a" is its own ancestor (a → b → a)',
      '4:circuits.1.parent: circuit "b" is its own ancestor (b → a → b)',
      '5:circuits.2.parent: unknown parent circuit "nowhere"',
      '7:devices.0.phases: a 1-phase site has only L1',
      '8:devices.1.id: duplicate device id "car"',
      '8:devices.1.circuit: unknown circuit "d"',
    ]);
  });

  it('refuses a time zone that does not exist', () => {
    const problems = problemsOf('site:\n  phases: 3\n  fuseA: 25\n  timezone: Europe/Amsterdan\n');
    assert.deepEqual(problems, [
      '4:site.timezone: not an IANA time zone this Node.js knows (e.g. "Europe/Brussels")',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('site:\n  phases: 3\n  fuseA: [25\n');
    assert.ok(problems.length >= 1);
    assert.match(problems[0] ?? '', /^\d+:: /);
  });

  it('refuses a file it cannot read, naming it', () => {
    assert.throws(() => loadSiteConfig('/nonexistent/site.yaml'), /\/nonexistent\/site\.yaml cannot read/);
  });
});
