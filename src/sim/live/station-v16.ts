// A simulated station's OCPP 1.6-J: the Core messages it sends, and the configuration and Smart
// Charging calls it answers as a cooperative station would. Every payload both ways is checked by
// ocpp-rpc's strict schema validation, so the casts below only name shapes the schema guarantees.
import type { StationProfile } from './profiles.js';
import {
  isoTime,
  parseTime,
  periodsOf,
  sampleValues,
  type Answer,
  type Dialect,
  type MeterSample,
  type StationModel,
} from './station-protocol.js';

interface Profile16 {
  chargingProfileId: number;
  transactionId?: number;
  stackLevel: number;
  chargingProfilePurpose: StationProfile['purpose'];
  chargingProfileKind: StationProfile['kind'];
  recurrencyKind?: 'Daily' | 'Weekly';
  validFrom?: string;
  validTo?: string;
  chargingSchedule: {
    duration?: number;
    startSchedule?: string;
    chargingRateUnit: 'A' | 'W';
    chargingSchedulePeriod: unknown;
  };
}

/** SetChargingProfile.req (§6.43) as the station stores it. */
export function profileV16(params: Record<string, unknown>, receivedMs: number): StationProfile {
  const p = params['csChargingProfiles'] as Profile16;
  const schedule = p.chargingSchedule;
  return {
    id: p.chargingProfileId,
    purpose: p.chargingProfilePurpose,
    stackLevel: p.stackLevel,
    connectorId: params['connectorId'] as number,
    kind: p.chargingProfileKind,
    recurrency: p.recurrencyKind ?? null,
    transactionId: p.transactionId === undefined ? null : String(p.transactionId),
    validFromMs: parseTime(p.validFrom),
    validToMs: parseTime(p.validTo),
    startMs: parseTime(schedule.startSchedule),
    durationS: schedule.duration ?? null,
    rateUnit: schedule.chargingRateUnit,
    periods: periodsOf(schedule.chargingSchedulePeriod),
    receivedMs,
  };
}

function sampled(sample: MeterSample, station: StationModel, context: string) {
  return sampleValues(sample, station.settings.sampledMeasurands()).map((v) => ({
    value: v.unit === 'A' ? v.value.toFixed(1) : String(v.value),
    context,
    measurand: v.measurand,
    ...(v.phase === null ? {} : { phase: v.phase }),
    unit: v.unit,
  }));
}

export function dialectV16(station: StationModel): Dialect {
  const { settings, profiles } = station;

  const answers: Record<string, Answer> = {
    GetConfiguration: (params) => {
      const asked = (params['key'] as string[] | undefined) ?? settings.names();
      return {
        configurationKey: asked
          .filter((key) => settings.has(key))
          .map((key) => ({ key, readonly: settings.isReadonly(key), value: settings.get(key) ?? '' })),
        unknownKey: asked.filter((key) => !settings.has(key)),
      };
    },
    ChangeConfiguration: (params) => {
      const status = settings.change(params['key'] as string, params['value'] as string);
      return { status: status === 'Unknown' ? 'NotSupported' : status };
    },
    SetChargingProfile: (params) => {
      const profile = profileV16(params, station.now());
      const running = profile.connectorId === 1 ? station.running() : null;
      return { status: profiles.set(profile, running).status };
    },
    ClearChargingProfile: (params) => ({
      status: profiles.clear({
        ...(params['id'] !== undefined ? { id: params['id'] as number } : {}),
        ...(params['connectorId'] !== undefined ? { connectorId: params['connectorId'] as number } : {}),
        ...(params['chargingProfilePurpose'] !== undefined
          ? { purpose: params['chargingProfilePurpose'] as string }
          : {}),
        ...(params['stackLevel'] !== undefined ? { stackLevel: params['stackLevel'] as number } : {}),
      }),
    }),
  };

  return {
    protocol: 'ocpp1.6',
    answers,
    connected: () => undefined,
    async boot(wire) {
      const res = (await wire.call('BootNotification', {
        chargePointVendor: station.vendor,
        chargePointModel: station.model,
        chargePointSerialNumber: station.id,
        firmwareVersion: '1.0.0-sim',
      })) as { status: string; interval: number };
      return { accepted: res.status === 'Accepted', intervalS: res.interval };
    },
    async heartbeat(wire) {
      await wire.call('Heartbeat', {});
    },
    async status(wire, status) {
      await wire.call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status,
        timestamp: isoTime(station.now()),
      });
    },
    async startTransaction(wire, idTag, sample) {
      const res = (await wire.call('StartTransaction', {
        connectorId: 1,
        idTag,
        meterStart: Math.round(sample.energyWh),
        timestamp: isoTime(station.now()),
      })) as { transactionId: number };
      return String(res.transactionId);
    },
    async meterValues(wire, transactionId, _status, sample) {
      await wire.call('MeterValues', {
        connectorId: 1,
        transactionId: Number(transactionId),
        meterValue: [
          { timestamp: isoTime(station.now()), sampledValue: sampled(sample, station, 'Sample.Periodic') },
        ],
      });
    },
    async stopTransaction(wire, transactionId, idTag, sample) {
      await wire.call('StopTransaction', {
        transactionId: Number(transactionId),
        idTag,
        meterStop: Math.round(sample.energyWh),
        timestamp: isoTime(station.now()),
        reason: 'EVDisconnected',
      });
    },
  };
}
