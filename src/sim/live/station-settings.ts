// What a simulated station tells a central system about itself, and what it lets it change: the
// OCPP 1.6 configuration keys (§9.1 Core, §9.4 Smart Charging) and the 2.0.1 device-model
// variables ("Component.Variable", "EVSE[1].Variable"; Part 2 Appendices). One small store serves
// both. Like a typical AC station it measures currents, power and energy, but not the car's SoC,
// so a measurand list with SoC is refused and the central system falls back to a shorter one.

/** The measurands this station can sample. */
export const MEASURANDS = ['Current.Import', 'Power.Active.Import', 'Energy.Active.Import.Register'] as const;
export type Measurand = (typeof MEASURANDS)[number];

interface Setting {
  value: string;
  readonly: boolean;
  /** A writable setting's check of a new value. */
  accepts?: (value: string) => boolean;
}

export type ChangeStatus = 'Accepted' | 'Rejected' | 'Unknown';

const seconds = (value: string): boolean => /^\d{1,6}$/.test(value.trim());
const measurands = (value: string): boolean =>
  value
    .split(',')
    .map((m) => m.trim())
    .every((m) => (MEASURANDS as readonly string[]).includes(m));
const rw = (value: string, accepts: (value: string) => boolean): Setting => ({
  value,
  readonly: false,
  accepts,
});
const ro = (value: string): Setting => ({ value, readonly: true });

export class StationSettings {
  readonly #settings: Map<string, Setting>;

  constructor(
    entries: Record<string, Setting>,
    /** The names of the sample interval, the measurand list and the heartbeat interval in this version. */
    private readonly roles: { intervalS: string; measurands: string; heartbeatS: string },
  ) {
    this.#settings = new Map(Object.entries(entries));
  }

  has(name: string): boolean {
    return this.#settings.has(name);
  }

  get(name: string): string | undefined {
    return this.#settings.get(name)?.value;
  }

  isReadonly(name: string): boolean {
    return this.#settings.get(name)?.readonly ?? true;
  }

  names(): string[] {
    return [...this.#settings.keys()];
  }

  change(name: string, value: string): ChangeStatus {
    const setting = this.#settings.get(name);
    if (!setting) return 'Unknown';
    if (setting.readonly || !(setting.accepts?.(value) ?? true)) return 'Rejected';
    setting.value = value.trim();
    return 'Accepted';
  }

  /** Seconds between meter values during a transaction (0: none). */
  sampleIntervalS(): number {
    return Number.parseInt(this.get(this.roles.intervalS) ?? '0', 10) || 0;
  }

  /** Seconds between heartbeats (at least 1). */
  heartbeatIntervalS(): number {
    return Math.max(1, Number.parseInt(this.get(this.roles.heartbeatS) ?? '300', 10) || 300);
  }

  /** The central system's interval, from its answer to the BootNotification. */
  setHeartbeatIntervalS(intervalS: number): void {
    this.change(this.roles.heartbeatS, String(Math.round(intervalS)));
  }

  sampledMeasurands(): Measurand[] {
    const list = (this.get(this.roles.measurands) ?? '').split(',').map((m) => m.trim());
    return MEASURANDS.filter((m) => list.includes(m));
  }
}

export interface SettingsOptions {
  /** 1 or 3 phases, and on which grid phases (R, S, T = L1, L2, L3): "RST", or "SRT" for a 1-phase EVSE on L2. */
  phases: 1 | 3;
  rotation: string;
  maxStackLevel: number;
  /** The sample interval until the central system sets its own. */
  intervalS: number;
}

export function settingsV16(o: SettingsOptions): StationSettings {
  return new StationSettings(
    {
      SupportedFeatureProfiles: ro('Core,SmartCharging'),
      NumberOfConnectors: ro('1'),
      ChargingScheduleAllowedChargingRateUnit: ro('Current,Power'),
      ChargeProfileMaxStackLevel: ro(String(o.maxStackLevel)),
      ChargingScheduleMaxPeriods: ro('24'),
      MaxChargingProfilesInstalled: ro('8'),
      ConnectorPhaseRotation: ro(`0.${o.rotation},1.${o.rotation}`),
      ConnectorSwitch3to1PhaseSupported: ro('false'),
      HeartbeatInterval: rw('300', seconds),
      MeterValueSampleInterval: rw(String(o.intervalS), seconds),
      MeterValuesSampledData: rw('Energy.Active.Import.Register', measurands),
      MeterValuesSampledDataMaxLength: ro(String(MEASURANDS.length + 1)),
    },
    {
      intervalS: 'MeterValueSampleInterval',
      measurands: 'MeterValuesSampledData',
      heartbeatS: 'HeartbeatInterval',
    },
  );
}

export function settingsV201(o: SettingsOptions): StationSettings {
  return new StationSettings(
    {
      'SmartChargingCtrlr.Enabled': ro('true'),
      'SmartChargingCtrlr.RateUnit': ro('A,W'),
      'SmartChargingCtrlr.ProfileStackLevel': ro(String(o.maxStackLevel)),
      'SmartChargingCtrlr.PeriodsPerSchedule': ro('24'),
      'SmartChargingCtrlr.ACPhaseSwitchingSupported': ro('false'),
      'SmartChargingCtrlr.LimitChangeSignificance': ro('0.1'),
      'ChargingStation.PhaseRotation': ro(o.rotation),
      'EVSE[1].PhaseRotation': ro(o.rotation),
      'EVSE[1].SupplyPhases': ro(String(o.phases)),
      'OCPPCommCtrlr.HeartbeatInterval': rw('300', seconds),
      'SampledDataCtrlr.TxUpdatedInterval': rw(String(o.intervalS), seconds),
      'SampledDataCtrlr.TxUpdatedMeasurands': rw('Energy.Active.Import.Register', measurands),
      'AlignedDataCtrlr.Interval': rw('900', seconds),
      'AlignedDataCtrlr.Measurands': rw('Energy.Active.Import.Register', measurands),
    },
    {
      intervalS: 'SampledDataCtrlr.TxUpdatedInterval',
      measurands: 'SampledDataCtrlr.TxUpdatedMeasurands',
      heartbeatS: 'OCPPCommCtrlr.HeartbeatInterval',
    },
  );
}
