// The one table of what ampshare says over MQTT: every row is a value in LiveState with its topic,
// its Home Assistant entity (component, device_class, state_class, unit) and, for settings, the
// command that changes it. The state publisher and the discovery payloads are both built from it
// (STYLE 5, the HA dsmr lesson): adding a value is adding a row.
//
// Home Assistant references (MQTT discovery, https://www.home-assistant.io/integrations/mqtt/):
// - sensor: device_class current (A), voltage (V), power (W), energy (kWh), duration (s), battery (%),
//   enum (+ `options`); state_class measurement, or total_increasing for energy that only grows
//   until a new session (https://www.home-assistant.io/integrations/sensor/#device-class,
//   https://developers.home-assistant.io/blog/2021/08/16/state_class_total).
// - binary_sensor: payload_on "ON" / payload_off "OFF" by default; device_class problem,
//   connectivity, plug (https://www.home-assistant.io/integrations/binary_sensor.mqtt/).
// - select: `options`, state_topic, command_topic (https://www.home-assistant.io/integrations/select.mqtt/).
// - number: `min` (default 1), `max` (default 100), `step` (default 1, smallest 0.001),
//   `mode` auto|box|slider, state_topic, command_topic (https://www.home-assistant.io/integrations/number.mqtt/).
import type { LiveDevice, LiveDeviceStatus, LiveState } from '../../model/live.js';
import type { DeviceChange, SiteChange } from '../../runtime/commands.js';
import { MODES } from '../../site/schema.js';
import { parseInteger, parseMode, parseNumber, parseOptionalNumber, parsePeakTarget } from './payloads.js';

export type Component = 'sensor' | 'binary_sensor' | 'select' | 'number';
export type DeviceKind = LiveDevice['kind'];

export interface NumberRange {
  min: number;
  max: number;
  step: number;
}

/** What the bridge knows of a device beyond its live state: the configured limits. */
export interface DeviceLimits {
  id: string;
  kind: string;
  minA: number | null;
  maxA: number | null;
  stepA?: number;
}

interface RowCommon {
  component: Component;
  /** The last topic level and the unique_id's tail; `{phase}` becomes l1, l2, l3. */
  object: string;
  /** The entity's name in Home Assistant (the device's name goes in front); `{phase}` → L1… */
  name: string;
  unit?: string;
  deviceClass?: string;
  stateClass?: 'measurement' | 'total' | 'total_increasing';
  entityCategory?: 'config' | 'diagnostic';
  /** Digits kept after the decimal point (default 2). */
  decimals?: number;
  /** Goes out in the cycle it changes instead of at the publishEveryS pace. */
  immediate?: boolean;
  /** select, and sensors with device_class enum. */
  options?: readonly string[];
}

/** A value of the site; `path` from the LiveState root. */
export interface SiteRow extends RowCommon {
  scope: 'site';
  path: string;
  range?: (site: LiveState['site']) => NumberRange;
  command?: (text: string) => SiteChange;
}

/** One entity per site phase; `#` in `path` is the phase index (0 = L1). */
export interface PhaseRow extends RowCommon {
  scope: 'phase';
  path: string;
}

/** One entity per device; `path` from the LiveDevice. */
export interface DeviceRow extends RowCommon {
  scope: 'device';
  path: string;
  /** Only for these kinds (default: every device). */
  kinds?: readonly DeviceKind[];
  /** Per-phase arrays: the highest phase. */
  reduce?: 'max';
  range?: (device: DeviceLimits) => NumberRange;
  command?: (text: string) => DeviceChange;
}

export type EntityRow = SiteRow | PhaseRow | DeviceRow;

const STATUSES: readonly LiveDeviceStatus[] = ['running', 'paused', 'off', 'disconnected', 'failsafe'];

type Extra = Partial<Omit<RowCommon, 'component' | 'object' | 'name'>>;
// Quantities: unit, device_class, state_class and the payload's precision.
const AMPS: Extra = { unit: 'A', deviceClass: 'current', stateClass: 'measurement', decimals: 2 };
const WATTS: Extra = { unit: 'W', deviceClass: 'power', stateClass: 'measurement', decimals: 0 };
const VOLTS: Extra = { unit: 'V', deviceClass: 'voltage', stateClass: 'measurement', decimals: 1 };
const KWH: Extra = { unit: 'kWh', deviceClass: 'energy', stateClass: 'total_increasing', decimals: 3 };
const NOW: Extra = { immediate: true };

const phase = (object: string, name: string, path: string, extra: Extra): PhaseRow => ({
  scope: 'phase',
  component: 'sensor',
  object,
  name,
  path,
  ...extra,
});
const site = (
  component: Component,
  object: string,
  name: string,
  path: string,
  extra: Extra & Pick<SiteRow, 'range' | 'command'> = {},
): SiteRow => ({ scope: 'site', component, object, name, path, ...extra });
const device = (
  component: Component,
  object: string,
  name: string,
  path: string,
  extra: Extra & Pick<DeviceRow, 'kinds' | 'reduce' | 'range' | 'command'> = {},
): DeviceRow => ({ scope: 'device', component, object, name, path, ...extra });

export const ENTITIES: readonly EntityRow[] = [
  // Per phase at the connection: the grid meter, and the main circuit's headroom (main comes first).
  phase('current_{phase}_a', 'Current {phase}', 'meter.currentA.#', AMPS),
  phase('net_current_{phase}_a', 'Net current {phase}', 'meter.netCurrentA.#', AMPS),
  phase('voltage_{phase}_v', 'Voltage {phase}', 'meter.voltageV.#', VOLTS),
  phase('import_{phase}_w', 'Import {phase}', 'meter.phasePowerImportW.#', WATTS),
  phase('export_{phase}_w', 'Export {phase}', 'meter.phasePowerExportW.#', WATTS),
  phase('headroom_{phase}_a', 'Headroom {phase}', 'circuits.0.headroomA.#', AMPS),

  // The site.
  site('sensor', 'import_w', 'Grid import', 'meter.powerImportW', WATTS),
  site('sensor', 'export_w', 'Grid export', 'meter.powerExportW', WATTS),
  site('sensor', 'grid_w', 'Grid power', 'gridPowerW', WATTS),
  site('sensor', 'surplus_w', 'Surplus', 'surplusW', WATTS),
  site('sensor', 'pv_w', 'PV power', 'pvW', WATTS),
  site('sensor', 'energy_import_kwh', 'Energy imported', 'meter.energyImportKWh', KWH),
  site('sensor', 'energy_export_kwh', 'Energy exported', 'meter.energyExportKWh', KWH),
  site('sensor', 'quarter_hour_average_w', 'Quarter-hour average', 'quarterHour.averageSoFarW', WATTS),
  site('sensor', 'quarter_hour_allowed_w', 'Quarter-hour allowed', 'quarterHour.allowedW', WATTS),
  site('sensor', 'month_peak_w', 'Month peak', 'monthPeakW', { ...WATTS, ...NOW }),
  site('binary_sensor', 'failsafe', 'Fail-safe', 'failsafe', { deviceClass: 'problem', ...NOW }),
  site('sensor', 'meter_age_s', 'Meter data age', 'meter.ageS', {
    unit: 's',
    deviceClass: 'duration',
    stateClass: 'measurement',
    decimals: 1,
    entityCategory: 'diagnostic',
  }),
  site('number', 'peak_target_w', 'Quarter-hour target', 'quarterHour.targetW', {
    ...WATTS,
    ...NOW,
    range: (s) => ({ min: 0, max: Math.ceil(s.phases * s.fuseA * s.voltageV), step: 100 }),
    command: (text) => ({ peakTargetW: parsePeakTarget(text) }),
  }),
  site('number', 'limit_a', 'Limit', 'site.limitA', {
    ...AMPS,
    ...NOW,
    entityCategory: 'config',
    range: (s) => ({ min: 0, max: s.fuseA, step: 1 }),
    command: (text) => ({ limitA: parseOptionalNumber(text) }),
  }),
  site('number', 'margin_a', 'Margin', 'site.marginA', {
    ...AMPS,
    ...NOW,
    entityCategory: 'config',
    range: (s) => ({ min: 0, max: s.fuseA, step: 0.1 }),
    command: (text) => ({ marginA: parseNumber(text) }),
  }),

  // Per device.
  device('sensor', 'setpoint_a', 'Setpoint', 'setpointA', { ...AMPS, ...NOW }),
  device('sensor', 'target_a', 'Target', 'targetA', AMPS),
  device('sensor', 'measured_a', 'Current', 'measuredA', { ...AMPS, reduce: 'max' }),
  device('sensor', 'measured_w', 'Power', 'measuredPowerW', WATTS),
  device('sensor', 'session_energy_kwh', 'Session energy', 'sessionEnergyKWh', KWH),
  device('sensor', 'status', 'Status', 'status', { deviceClass: 'enum', options: STATUSES, ...NOW }),
  device('sensor', 'reason', 'Reason', 'reason', NOW),
  device('sensor', 'limited_by', 'Limited by', 'limitedBy', { entityCategory: 'diagnostic', ...NOW }),
  device('binary_sensor', 'available', 'Reachable', 'available', {
    deviceClass: 'connectivity',
    entityCategory: 'diagnostic',
    ...NOW,
  }),
  device('binary_sensor', 'vehicle_connected', 'Vehicle', 'vehicleConnected', {
    deviceClass: 'plug',
    kinds: ['charger'],
    ...NOW,
  }),
  device('sensor', 'soc', 'State of charge', 'soc', {
    unit: '%',
    deviceClass: 'battery',
    stateClass: 'measurement',
    decimals: 0,
    kinds: ['charger', 'battery'],
  }),
  device('select', 'mode', 'Mode', 'mode', {
    options: MODES,
    ...NOW,
    command: (text) => ({ mode: parseMode(text) }),
  }),
  device('number', 'max_a', 'Maximum current', 'maxA', {
    ...AMPS,
    ...NOW,
    kinds: ['charger'],
    range: (d) => ({ min: d.minA ?? 0, max: d.maxA ?? 0, step: d.stepA ?? 1 }),
    command: (text) => ({ maxA: parseNumber(text) }),
  }),
  device('number', 'priority', 'Priority', 'priority', {
    decimals: 0,
    entityCategory: 'config',
    ...NOW,
    range: () => ({ min: -100, max: 100, step: 1 }),
    command: (text) => ({ priority: parseInteger(text) }),
  }),
];
