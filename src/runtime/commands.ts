// Run-time changes, the one way in for the HTTP API, MQTT and anything else that changes what
// the controller does while it runs. Each change is validated against the whole configuration
// (the same checks as at start), applied from the next cycle, persisted in the data directory
// and said on the event bus (settings.changed). A change that does not fit throws SettingsError
// naming the field, and nothing is applied.
import type { Mode } from '../site/schema.js';
import type { SettingsOrigin } from './events.js';

export interface DeviceChange {
  mode?: Mode;
  priority?: number;
  /** Chargers: the maximum current per phase, between minA and the configured maxA. */
  maxA?: number;
}

export interface SiteChange {
  /**
   * A lower limit for the connection per phase (A), at most the configured fuse: a fuse is a
   * physical fact and only the configuration file may say it is larger. null removes it.
   */
  limitA?: number | null;
  marginA?: number;
  /** The quarter-hour target: W, 'monthPeak', or null to switch peak control off. */
  peakTargetW?: number | 'monthPeak' | null;
}

export interface Commands {
  setDevice(deviceId: string, change: DeviceChange, origin: SettingsOrigin): void;
  setSite(change: SiteChange, origin: SettingsOrigin): void;
}

export class SettingsError extends Error {
  constructor(
    /** The field at fault, e.g. "devices.car1.maxA" or "site.limitA". */
    readonly field: string,
    message: string,
    /** 404 for an unknown device, 400 for a bad value. */
    readonly status: 400 | 404 = 400,
  ) {
    super(`${field}: ${message}`);
    this.name = 'SettingsError';
  }
}
