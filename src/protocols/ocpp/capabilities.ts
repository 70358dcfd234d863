// What a station can do, read from its configuration after boot: 1.6 GetConfiguration keys
// (§9.1 Core, §9.4 Smart Charging) and 2.0.1 device-model variables (Part 2 Appendices:
// SmartChargingCtrlr, PhaseRotation). Pure parsers; the adapters do the calls.
import type { Quirks } from './config.js';
import { parseConnectorPhaseRotation } from './rotation.js';

export interface StationCapabilities {
  /** The station says it does smart charging; null when it did not say. */
  smartCharging: boolean | null;
  rateUnit: 'A' | 'W';
  /** The highest stack level it accepts; our profiles use it so they sit above anyone else's. */
  stackLevel: number;
  /** Phase rotation per connector / EVSE id, 0 = the whole station, as the station reported it. */
  rotations: Map<number, string>;
  /** It can switch a session between 3 and 1 phases (numberPhases in a profile). */
  phaseSwitching: boolean;
  /** 1.6 MeterValuesSampledDataMaxLength: how many measurands it takes at most. */
  measurandsMax: number | null;
}

export function defaultCapabilities(): StationCapabilities {
  return {
    smartCharging: null,
    rateUnit: 'A',
    stackLevel: 0,
    rotations: new Map(),
    phaseSwitching: false,
    measurandsMax: null,
  };
}

/** What we ask the station to report, most important first (a length limit cuts from the end). */
export const MEASURANDS = ['Current.Import', 'Power.Active.Import', 'Energy.Active.Import.Register', 'SoC'];
/** Tried in order until one is accepted: AC stations often refuse SoC, some refuse all but currents. */
export const MEASURAND_FALLBACKS = [MEASURANDS, MEASURANDS.slice(0, 3), MEASURANDS.slice(0, 1)];

/**
 * 1.6 ChargingScheduleAllowedChargingRateUnit is "Current", "Power" or both; 2.0.1 RateUnit is
 * "A", "W" or both. Some stations answer "A"/"W" in 1.6 (evcc handles it too). Amps when allowed.
 */
export function rateUnitOf(value: string | undefined): 'A' | 'W' {
  if (value === undefined) return 'A';
  const units = value.split(',').map((u) => u.trim().toLowerCase());
  if (units.includes('current') || units.includes('a')) return 'A';
  if (units.includes('power') || units.includes('w')) return 'W';
  return 'A';
}

export const KEYS_V16 = [
  'SupportedFeatureProfiles',
  'ChargingScheduleAllowedChargingRateUnit',
  'ChargeProfileMaxStackLevel',
  'ConnectorPhaseRotation',
  'ConnectorSwitch3to1PhaseSupported',
  'MeterValuesSampledDataMaxLength',
] as const;

function nonNegativeInt(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number.parseInt(value, 10);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

/** `values`: 1.6 GetConfiguration.conf keys, lower-cased (stations vary the case), to values. */
export function capabilitiesV16(values: ReadonlyMap<string, string>): StationCapabilities {
  const get = (key: (typeof KEYS_V16)[number]) => values.get(key.toLowerCase());
  const profiles = get('SupportedFeatureProfiles');
  const rotation = get('ConnectorPhaseRotation');
  return {
    smartCharging:
      profiles === undefined
        ? null
        : profiles.split(',').some((p) => p.trim().toLowerCase() === 'smartcharging'),
    rateUnit: rateUnitOf(get('ChargingScheduleAllowedChargingRateUnit')),
    stackLevel: nonNegativeInt(get('ChargeProfileMaxStackLevel')) ?? 0,
    rotations: rotation === undefined ? new Map() : parseConnectorPhaseRotation(rotation),
    phaseSwitching: get('ConnectorSwitch3to1PhaseSupported')?.toLowerCase() === 'true',
    measurandsMax: nonNegativeInt(get('MeterValuesSampledDataMaxLength')),
  };
}

export interface VariableRef {
  component: { name: string; evse?: { id: number } };
  variable: { name: string };
}

export function variablesV201(evseIds: readonly number[]): VariableRef[] {
  const smart = (name: string): VariableRef => ({
    component: { name: 'SmartChargingCtrlr' },
    variable: { name },
  });
  return [
    smart('Enabled'),
    smart('RateUnit'),
    smart('ProfileStackLevel'),
    smart('ACPhaseSwitchingSupported'),
    smart('LimitChangeSignificance'),
    { component: { name: 'ChargingStation' }, variable: { name: 'PhaseRotation' } },
    ...evseIds.map((id) => ({
      component: { name: 'EVSE', evse: { id } },
      variable: { name: 'PhaseRotation' },
    })),
  ];
}

export interface VariableResult extends VariableRef {
  attributeStatus: string;
  attributeValue?: string;
}

export function capabilitiesV201(results: readonly VariableResult[]): StationCapabilities {
  const value = (component: string, variable: string): string | undefined =>
    results.find(
      (r) =>
        r.attributeStatus === 'Accepted' &&
        r.component.name === component &&
        r.component.evse === undefined &&
        r.variable.name === variable,
    )?.attributeValue;
  const rotations = new Map<number, string>();
  for (const r of results) {
    if (r.attributeStatus !== 'Accepted' || r.variable.name !== 'PhaseRotation') continue;
    if (r.attributeValue === undefined) continue;
    if (r.component.name === 'ChargingStation') rotations.set(0, r.attributeValue);
    else if (r.component.name === 'EVSE' && r.component.evse)
      rotations.set(r.component.evse.id, r.attributeValue);
  }
  const enabled = value('SmartChargingCtrlr', 'Enabled');
  return {
    smartCharging: enabled === undefined ? null : enabled.toLowerCase() === 'true',
    rateUnit: rateUnitOf(value('SmartChargingCtrlr', 'RateUnit')),
    stackLevel: nonNegativeInt(value('SmartChargingCtrlr', 'ProfileStackLevel')) ?? 0,
    rotations,
    phaseSwitching: value('SmartChargingCtrlr', 'ACPhaseSwitchingSupported')?.toLowerCase() === 'true',
    measurandsMax: null,
  };
}

export function withQuirks(caps: StationCapabilities, quirks: Quirks): StationCapabilities {
  return {
    ...caps,
    ...(quirks.stackLevel !== undefined ? { stackLevel: quirks.stackLevel } : {}),
    ...(quirks.rateUnit !== undefined ? { rateUnit: quirks.rateUnit } : {}),
  };
}
