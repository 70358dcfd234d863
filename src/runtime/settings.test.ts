import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { allocate } from '../core/allocate.js';
import { emptyState } from '../core/state.js';
import { parseSiteConfig } from '../site/load.js';
import type { SiteConfig } from '../site/schema.js';
import { SettingsError } from './commands.js';
import { EventBus, type EventOf } from './events.js';
import { silentLogger } from './log.js';
import { Settings } from './settings.js';

const SITE = `
site: { phases: 3, fuseA: 25, marginA: 1 }
devices:
  - { id: car1, kind: charger, phases: [L1, L2, L3], minA: 6, maxA: 16, mode: now }
  - { id: hp, kind: stepped, phases: [L1], stepsW: [1000, 2000], mode: now }
  - { id: car2, kind: charger, phases: [L2], maxA: 32, mode: pv, plan: { energyKWh: 10, by: "07:00" } }
`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function rig(dataDir: string | null = null) {
  const configured = parseSiteConfig(SITE, 'test.yaml');
  const model = { site: configured, setSite: (s: SiteConfig) => void (model.site = s) };
  const bus = new EventBus();
  const changes: EventOf<'settings.changed'>[] = [];
  bus.on('settings.changed', (e) => changes.push(e));
  const settings = new Settings({ model, configured, dataDir, bus, log: silentLogger });
  return { settings, model, changes, configured };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ampshare-settings-'));
  dirs.push(dir);
  return dir;
}

const device = (site: SiteConfig, id: string) => site.devices.find((d) => d.id === id)!;

describe('run-time settings', () => {
  it('applies a device change to the model and says what changed', () => {
    const { settings, model, changes } = rig();
    settings.setDevice('car1', { mode: 'pv', priority: 3, maxA: 10 }, 'api');
    const car1 = device(model.site, 'car1');
    assert.equal(car1.mode, 'pv');
    assert.equal(car1.priority, 3);
    assert.equal(car1.kind === 'charger' && car1.maxA, 10);
    assert.equal(changes.length, 1);
    assert.deepEqual(changes[0]!.changes, {
      mode: { from: 'now', to: 'pv' },
      priority: { from: 0, to: 3 },
      maxA: { from: 16, to: 10 },
    });
    assert.equal(changes[0]!.origin, 'api');
    assert.match(changes[0]!.message, /device car1: mode now → pv/);
  });

  it('the allocator follows a lowered maxA from the next cycle', () => {
    const { settings, model } = rig();
    const inputs = { grid: { netCurrentA: [0, 0, 0] }, devices: { car1: { connected: true } } };
    const before = allocate(model.site, inputs, emptyState(), 0);
    assert.ok(before.devices.find((d) => d.id === 'car1')!.targetA > 8);
    settings.setDevice('car1', { maxA: 8 }, 'api');
    const after = allocate(model.site, inputs, before.state, 1000);
    assert.equal(after.devices.find((d) => d.id === 'car1')!.targetA, 8);
  });

  it('refuses what does not fit, naming the field, and applies nothing', () => {
    const { settings, model, changes, configured } = rig();
    const cases: [() => void, RegExp][] = [
      [() => settings.setDevice('nope', { mode: 'now' }, 'api'), /deviceId: no device "nope"/],
      [() => settings.setDevice('car1', { maxA: 17 }, 'api'), /devices\.car1\.maxA: expected 6–16 A/],
      [() => settings.setDevice('car1', { maxA: 5 }, 'api'), /devices\.car1\.maxA/],
      [() => settings.setDevice('hp', { maxA: 5 }, 'api'), /a stepped has no maxA/],
      [() => settings.setDevice('car1', { priority: 1.5 }, 'api'), /priority: expected an integer/],
      [() => settings.setDevice('car1', { mode: 'fast' as never }, 'api'), /mode: expected one of/],
      [
        () => settings.setDevice('car1', { mode: 'planned' }, 'api'),
        /devices\.car1\.plan: mode "planned" needs a plan/,
      ],
      [() => settings.setSite({ limitA: 26 }, 'api'), /site\.limitA: .*25 A fuse/],
      [() => settings.setSite({ marginA: -1 }, 'api'), /site\.marginA/],
      [() => settings.setSite({ peakTargetW: -5 }, 'api'), /site\.peakTargetW/],
    ];
    for (const [attempt, message] of cases) {
      assert.throws(attempt, (e: unknown) => e instanceof SettingsError && message.test(e.message));
    }
    assert.equal(model.site, configured, 'the model is untouched');
    assert.equal(changes.length, 0);
    const notFound = (() => {
      try {
        settings.setDevice('nope', {}, 'api');
      } catch (e) {
        return (e as SettingsError).status;
      }
    })();
    assert.equal(notFound, 404);
  });

  it('a lower site limit binds the allocator and can be removed again', () => {
    const { settings, model } = rig();
    settings.setSite({ limitA: 10 }, 'api');
    const inputs = { grid: { netCurrentA: [0, 0, 0] }, devices: { car1: { connected: true } } };
    const limited = allocate(model.site, inputs, emptyState(), 0);
    assert.equal(limited.circuits.find((c) => c.id === 'main')!.limitA, 10);
    assert.ok(limited.devices.find((d) => d.id === 'car1')!.targetA <= 9);
    settings.setSite({ limitA: null }, 'api');
    const free = allocate(model.site, inputs, limited.state, 1000);
    assert.equal(free.circuits.find((c) => c.id === 'main')!.limitA, 25);
  });

  it('sets and removes the quarter-hour target with the schema defaults', () => {
    const { settings, model } = rig();
    settings.setSite({ peakTargetW: 4000 }, 'mqtt');
    assert.deepEqual(model.site.site.peak, { targetW: 4000, minimumW: 2500, marginW: 100 });
    settings.setSite({ peakTargetW: 'monthPeak' }, 'mqtt');
    assert.equal(model.site.site.peak?.targetW, 'monthPeak');
    settings.setSite({ peakTargetW: null }, 'mqtt');
    assert.equal(model.site.site.peak, undefined);
  });

  it('persists changes atomically and restores them at the next start', () => {
    const dir = tempDir();
    const first = rig(dir);
    first.settings.setDevice('car1', { mode: 'minpv', maxA: 12 }, 'api');
    first.settings.setSite({ limitA: 20, peakTargetW: 3000 }, 'api');
    const file = join(dir, 'settings.json');
    assert.ok(existsSync(file));
    assert.ok(!existsSync(`${file}.tmp`));
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(saved.devices.car1, { mode: 'minpv', maxA: 12 });

    const second = rig(dir);
    second.settings.restore();
    const car1 = device(second.model.site, 'car1');
    assert.equal(car1.mode, 'minpv');
    assert.equal(car1.kind === 'charger' && car1.maxA, 12);
    assert.equal(second.model.site.site.peak?.targetW, 3000);
    assert.ok(second.model.site.site.schedule.some((e) => e.limitA === 20));
    assert.ok(second.changes.every((c) => c.origin === 'startup'));
  });

  it('drops a saved setting that no longer fits the configuration, keeping the rest', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        devices: { gone: { mode: 'now' }, car1: { maxA: 99 }, hp: { priority: 2 } },
        site: {},
      }),
    );
    const warnings: string[] = [];
    const configured = parseSiteConfig(SITE, 'test.yaml');
    const model = { site: configured, setSite: (s: SiteConfig) => void (model.site = s) };
    const settings = new Settings({
      model,
      configured,
      dataDir: dir,
      bus: new EventBus(),
      log: { ...silentLogger, warn: (m: string) => void warnings.push(m) },
    });
    settings.restore();
    assert.equal(device(model.site, 'hp').priority, 2);
    const car1 = device(model.site, 'car1');
    assert.equal(car1.kind === 'charger' && car1.maxA, 16);
    assert.equal(warnings.length, 2);
  });
});
