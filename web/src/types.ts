// The server's shapes, taken from the daemon's own model so that the dashboard cannot drift from
// the API (docs/api.md). Types only: nothing from src/ ends up in the bundle.
import type { LiveMode } from '../../src/model/live.js';

export type { LiveCircuit, LiveDevice, LiveMode, LiveState, LiveDeviceStatus } from '../../src/model/live.js';
export type { HistoryPoint, Resolution, StoredEvent } from '../../src/model/history.js';

/** PATCH /api/devices/{id} (docs/api.md, Writes). */
export interface DeviceChange {
  mode?: LiveMode;
  priority?: number;
  maxA?: number;
}

export const MODES: readonly LiveMode[] = ['off', 'now', 'minpv', 'pv', 'planned'];
