// Run-time changes (src/runtime/commands.ts): a device's mode, priority and maxA; the site's lower
// limit, margin and quarter-hour target. Each change is applied to a copy of the site model in
// force and the copy goes through the same checks as a configuration file (schema + semantics),
// so the API can never make a model the loader would refuse. Then it is persisted (data
// directory, settings.json, written atomically) and said on the bus. At start, persisted changes
// are applied over the configuration; one that no longer fits is dropped with a warning.
//
// What the API may not do: raise a limit above the configured fuse or a charger's configured maxA.
// Those are physical facts (the fuse, the cable, the station) that only the configuration file says.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, YamlSource } from '../config/yaml.js';
import { checkSiteConfig } from '../site/load.js';
import { MODES, type DeviceConfig, type Mode, type SiteConfig } from '../site/schema.js';
import { SettingsError, type Commands, type DeviceChange, type SiteChange } from './commands.js';
import type { EventBus, SettingsOrigin } from './events.js';
import type { Logger } from './log.js';

export interface Overrides {
  devices: Record<string, DeviceChange>;
  site: SiteChange;
}

export interface SettingsContext {
  /** The model in force (with learned phases) and how to replace it: the control loop. */
  model: { readonly site: SiteConfig; setSite(site: SiteConfig): void };
  /** The configuration as loaded: the ceilings the API cannot raise. */
  configured: SiteConfig;
  /** Where settings.json lives; null keeps changes in memory only. */
  dataDir: string | null;
  bus: EventBus;
  log: Logger;
}

/** Marks the lower limit set at run time among the schedule entries (whole day: from == to). */
const LIMIT_ENTRY = { from: '00:00', to: '00:00' } as const;

export class Settings implements Commands {
  #overrides: Overrides = { devices: {}, site: {} };

  constructor(private readonly ctx: SettingsContext) {}

  get overrides(): Overrides {
    return structuredClone(this.#overrides);
  }

  get #file(): string | null {
    return this.ctx.dataDir === null ? null : join(this.ctx.dataDir, 'settings.json');
  }

  /** Applies settings.json over the configuration; entries that no longer fit are dropped and logged. */
  restore(): void {
    const file = this.#file;
    if (!file || !existsSync(file)) return;
    let saved: Partial<Overrides>;
    try {
      saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<Overrides>;
    } catch (error) {
      this.ctx.log.warn('settings.json is not valid JSON; starting from the configuration', {
        file,
        error: String(error),
      });
      return;
    }
    for (const [id, change] of Object.entries(saved.devices ?? {})) {
      this.#tryRestore(() => this.setDevice(id, change, 'startup'), `devices.${id}`);
    }
    if (saved.site && Object.keys(saved.site).length > 0) {
      this.#tryRestore(() => this.setSite(saved.site!, 'startup'), 'site');
    }
  }

  #tryRestore(apply: () => void, what: string): void {
    try {
      apply();
    } catch (error) {
      this.ctx.log.warn(`a saved setting no longer fits the configuration and is dropped`, {
        what,
        error: (error as Error).message,
      });
    }
  }

  setDevice(deviceId: string, change: DeviceChange, origin: SettingsOrigin): void {
    const site = this.ctx.model.site;
    const index = site.devices.findIndex((d) => d.id === deviceId);
    const configured = this.ctx.configured.devices.find((d) => d.id === deviceId);
    if (index < 0 || !configured) throw new SettingsError('deviceId', `no device "${deviceId}"`, 404);
    const before = site.devices[index]!;
    const field = (key: string): string => `devices.${deviceId}.${key}`;
    const next: Record<string, unknown> = { ...before };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const set = (key: 'mode' | 'priority' | 'maxA', to: unknown): void => {
      const from = (before as unknown as Record<string, unknown>)[key];
      next[key] = to;
      if (from !== to) changes[key] = { from, to };
    };
    if (change.mode !== undefined) {
      if (!(MODES as readonly string[]).includes(change.mode))
        throw new SettingsError(field('mode'), `expected one of ${MODES.join(', ')}`);
      set('mode', change.mode satisfies Mode);
    }
    if (change.priority !== undefined) {
      if (!Number.isInteger(change.priority) || Math.abs(change.priority) > 1000)
        throw new SettingsError(field('priority'), 'expected an integer between -1000 and 1000');
      set('priority', change.priority);
    }
    if (change.maxA !== undefined) {
      if (before.kind !== 'charger' || configured.kind !== 'charger')
        throw new SettingsError(field('maxA'), `a ${before.kind} has no maxA`);
      if (!Number.isFinite(change.maxA) || change.maxA < before.minA || change.maxA > configured.maxA)
        throw new SettingsError(
          field('maxA'),
          `expected ${before.minA}–${configured.maxA} A (minA to the configured maxA)`,
        );
      set('maxA', change.maxA);
    }
    const devices = [...site.devices];
    devices[index] = next as unknown as DeviceConfig;
    this.#commit({ ...site, devices }, field(''), origin, `device ${deviceId}`, changes, () => {
      this.#overrides.devices[deviceId] = { ...this.#overrides.devices[deviceId], ...change };
    });
  }

  setSite(change: SiteChange, origin: SettingsOrigin): void {
    const site = this.ctx.model.site;
    const fuseA = this.ctx.configured.site.fuseA;
    const settings = { ...site.site };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (change.limitA !== undefined) {
      const previous = settings.schedule.find(isLimitEntry)?.limitA ?? null;
      const schedule = settings.schedule.filter((e) => !isLimitEntry(e));
      if (change.limitA !== null) {
        if (!Number.isFinite(change.limitA) || change.limitA <= 0 || change.limitA > fuseA)
          throw new SettingsError('site.limitA', `expected more than 0 and at most the ${fuseA} A fuse`);
        schedule.push({ ...LIMIT_ENTRY, limitA: change.limitA });
      }
      settings.schedule = schedule;
      if (previous !== change.limitA) changes['limitA'] = { from: previous, to: change.limitA };
    }
    if (change.marginA !== undefined) {
      if (!Number.isFinite(change.marginA) || change.marginA < 0 || change.marginA >= fuseA)
        throw new SettingsError('site.marginA', `expected 0 or more and under the ${fuseA} A fuse`);
      if (settings.marginA !== change.marginA)
        changes['marginA'] = { from: settings.marginA, to: change.marginA };
      settings.marginA = change.marginA;
    }
    if (change.peakTargetW !== undefined) {
      const from = settings.peak?.targetW ?? null;
      const to = change.peakTargetW;
      if (to !== null && to !== 'monthPeak' && (!Number.isFinite(to) || to <= 0))
        throw new SettingsError('site.peakTargetW', 'expected a positive number of W, "monthPeak" or null');
      if (to === null) delete settings.peak;
      else settings.peak = { minimumW: 2500, marginW: 100, ...settings.peak, targetW: to };
      if (from !== to) changes['peakTargetW'] = { from, to };
    }
    this.#commit({ ...site, site: settings }, 'site', origin, 'site', changes, () => {
      this.#overrides.site = { ...this.#overrides.site, ...change };
    });
  }

  /** Checks the whole model, then applies, persists and says it; nothing happens when a check fails. */
  #commit(
    candidate: SiteConfig,
    field: string,
    origin: SettingsOrigin,
    target: string,
    changes: Record<string, { from: unknown; to: unknown }>,
    remember: () => void,
  ): void {
    const site = recheck(candidate, field);
    remember();
    this.ctx.model.setSite(site);
    this.#persist();
    if (Object.keys(changes).length === 0) return;
    const said = Object.entries(changes)
      .map(([k, v]) => `${k} ${show(v.from)} → ${show(v.to)}`)
      .join(', ');
    this.ctx.bus.emit({ type: 'settings.changed', origin, target, changes, message: `${target}: ${said}` });
  }

  #persist(): void {
    const file = this.#file;
    if (!file) return;
    mkdirSync(this.ctx.dataDir!, { recursive: true });
    // Write, flush, rename: a crash leaves the old file or the new one, never half of one.
    const temp = `${file}.tmp`;
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, `${JSON.stringify(this.#overrides, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  }
}

function isLimitEntry(e: SiteConfig['site']['schedule'][number]): boolean {
  return e.from === LIMIT_ENTRY.from && e.to === LIMIT_ENTRY.to && e.days === undefined;
}

function show(value: unknown): string {
  return value === null || value === undefined ? 'none' : String(value);
}

/** The same checks as a configuration file; the first problem becomes the SettingsError. */
function recheck(candidate: SiteConfig, field: string): SiteConfig {
  try {
    return checkSiteConfig(YamlSource.fromText('run-time change', stringify(candidate)));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problem = error.problems[0];
    const path = (problem?.path ?? []).map((k, i) =>
      i === 1 && typeof k === 'number' ? (candidate.devices[k]?.id ?? k) : k,
    );
    const where = path.join('.') || field;
    throw new SettingsError(where, problem?.message ?? error.message);
  }
}
