// A simulated station's OCPP 2.0.1: one EVSE with one connector. Transactions are the station's
// own (TransactionEvent Started / Updated / Ended, use cases E01–E07); the device model is read and
// written with GetVariables / SetVariables (B06, B05); smart charging per K01 and K10. Payloads both ways pass
// ocpp-rpc's strict schema validation, so the casts below only name shapes the schema guarantees.
import type { StationProfile } from './profiles.js';
import {
  isoTime,
  parseTime,
  periodsOf,
  sampleValues,
  type Answer,
  type ChargerStatus,
  type Dialect,
  type MeterSample,
  type StationModel,
  type Wire,
} from './station-protocol.js';

interface Profile201 {
  id: number;
  stackLevel: number;
  chargingProfilePurpose: StationProfile['purpose'];
  chargingProfileKind: StationProfile['kind'];
  recurrencyKind?: 'Daily' | 'Weekly';
  validFrom?: string;
  validTo?: string;
  transactionId?: string;
  chargingSchedule: {
    startSchedule?: string;
    duration?: number;
    chargingRateUnit: 'A' | 'W';
    chargingSchedulePeriod: unknown;
  }[];
}

interface VariableRef {
  component: { name: string; evse?: { id: number } };
  variable: { name: string };
  attributeType?: string;
}

/** SetChargingProfileRequest as the station stores it; null when K01.FR.40 says reject. */
export function profileV201(params: Record<string, unknown>, receivedMs: number): StationProfile | null {
  const p = params['chargingProfile'] as Profile201;
  // One schedule is all an AC station without ISO 15118 uses (the others are for the EV to choose).
  const schedule = p.chargingSchedule[0];
  if (!schedule) return null;
  const startMs = parseTime(schedule.startSchedule);
  // K01.FR.40: Absolute and Recurring profiles need a startSchedule.
  if (startMs === null && p.chargingProfileKind !== 'Relative') return null;
  return {
    id: p.id,
    purpose: p.chargingProfilePurpose,
    stackLevel: p.stackLevel,
    connectorId: params['evseId'] as number,
    kind: p.chargingProfileKind,
    recurrency: p.recurrencyKind ?? null,
    transactionId: p.transactionId ?? null,
    validFromMs: parseTime(p.validFrom),
    validToMs: parseTime(p.validTo),
    startMs,
    durationS: schedule.duration ?? null,
    rateUnit: schedule.chargingRateUnit,
    periods: periodsOf(schedule.chargingSchedulePeriod),
    receivedMs,
  };
}

const variableName = (r: VariableRef): string =>
  `${r.component.name}${r.component.evse ? `[${r.component.evse.id}]` : ''}.${r.variable.name}`;

/** 2.0.1 splits the 1.6 status: the connector is Available or Occupied, the transaction has a state. */
const CONNECTOR_STATUS: Record<ChargerStatus, string> = {
  Available: 'Available',
  Preparing: 'Occupied',
  Charging: 'Occupied',
  SuspendedEV: 'Occupied',
  SuspendedEVSE: 'Occupied',
};
const CHARGING_STATE: Record<ChargerStatus, string> = {
  Available: 'Idle',
  Preparing: 'EVConnected',
  Charging: 'Charging',
  SuspendedEV: 'SuspendedEV',
  SuspendedEVSE: 'SuspendedEVSE',
};

export function dialectV201(station: StationModel): Dialect {
  const { settings, profiles } = station;
  const components = new Set(settings.names().map((name) => name.slice(0, name.lastIndexOf('.'))));
  let said = { connector: '', chargingState: '' };
  let seqNo = 0;
  let transactions = 0;

  const unknown = (r: VariableRef) =>
    components.has(variableName(r).slice(0, variableName(r).lastIndexOf('.')))
      ? 'UnknownVariable'
      : 'UnknownComponent';

  const answers: Record<string, Answer> = {
    GetVariables: (params) => ({
      getVariableResult: (params['getVariableData'] as VariableRef[]).map((r) => {
        const base = { component: r.component, variable: r.variable };
        if (r.attributeType !== undefined && r.attributeType !== 'Actual')
          return { ...base, attributeStatus: 'NotSupportedAttributeType' };
        const value = settings.get(variableName(r));
        return value === undefined
          ? { ...base, attributeStatus: unknown(r) }
          : { ...base, attributeStatus: 'Accepted', attributeValue: value };
      }),
    }),
    SetVariables: (params) => ({
      setVariableResult: (params['setVariableData'] as (VariableRef & { attributeValue: string })[]).map(
        (r) => {
          const status = settings.change(variableName(r), r.attributeValue);
          return {
            component: r.component,
            variable: r.variable,
            attributeStatus: status === 'Unknown' ? unknown(r) : status,
          };
        },
      ),
    }),
    SetChargingProfile: (params) => {
      const profile = profileV201(params, station.now());
      const result = profile
        ? profiles.set(profile, profile.connectorId === 1 ? station.running() : null)
        : ({ status: 'Rejected', reason: 'an Absolute profile needs a startSchedule (K01.FR.40)' } as const);
      return result.status === 'Accepted'
        ? { status: 'Accepted' }
        : { status: 'Rejected', statusInfo: { reasonCode: 'InvalidProfile', additionalInfo: result.reason } };
    },
    ClearChargingProfile: (params) => {
      const id = params['chargingProfileId'] as number | undefined;
      const c = params['chargingProfileCriteria'] as
        { evseId?: number; chargingProfilePurpose?: string; stackLevel?: number } | undefined;
      return {
        status: profiles.clear({
          ...(id !== undefined ? { id } : {}),
          ...(c?.evseId !== undefined ? { connectorId: c.evseId } : {}),
          ...(c?.chargingProfilePurpose !== undefined ? { purpose: c.chargingProfilePurpose } : {}),
          ...(c?.stackLevel !== undefined ? { stackLevel: c.stackLevel } : {}),
        }),
      };
    },
  };

  /** Every TransactionEvent names its EVSE, so a restarted central system can place a transaction it did not see start. */
  const event = (wire: Wire, fields: Record<string, unknown>) =>
    wire.call('TransactionEvent', {
      timestamp: isoTime(station.now()),
      seqNo: seqNo++,
      evse: { id: 1, connectorId: 1 },
      ...fields,
    });

  const meterValue = (sample: MeterSample, context: string) => [
    {
      timestamp: isoTime(station.now()),
      sampledValue: sampleValues(sample, settings.sampledMeasurands()).map((v) => ({
        value: v.value,
        context,
        measurand: v.measurand,
        ...(v.phase === null ? {} : { phase: v.phase }),
        unitOfMeasure: { unit: v.unit },
      })),
    },
  ];

  return {
    protocol: 'ocpp2.0.1',
    answers,
    connected: () => {
      said = { connector: '', chargingState: '' };
    },
    async boot(wire) {
      const res = (await wire.call('BootNotification', {
        reason: 'PowerUp',
        chargingStation: {
          vendorName: station.vendor,
          model: station.model,
          serialNumber: station.id,
          firmwareVersion: '1.0.0-sim',
        },
      })) as { status: string; interval: number };
      return { accepted: res.status === 'Accepted', intervalS: res.interval };
    },
    async heartbeat(wire) {
      await wire.call('Heartbeat', {});
    },
    async status(wire, status, transactionId) {
      const connector = CONNECTOR_STATUS[status];
      if (connector !== said.connector) {
        await wire.call('StatusNotification', {
          timestamp: isoTime(station.now()),
          connectorStatus: connector,
          evseId: 1,
          connectorId: 1,
        });
        said.connector = connector;
      }
      const chargingState = CHARGING_STATE[status];
      if (transactionId !== null && chargingState !== said.chargingState) {
        await event(wire, {
          eventType: 'Updated',
          triggerReason: 'ChargingStateChanged',
          transactionInfo: { transactionId, chargingState },
        });
        said.chargingState = chargingState;
      }
    },
    async startTransaction(wire, idTag, sample) {
      transactions += 1;
      const transactionId = `${station.id}-${Math.floor(station.now() / 1000)}-${transactions}`;
      seqNo = 0;
      said.chargingState = 'EVConnected';
      await event(wire, {
        eventType: 'Started',
        triggerReason: 'CablePluggedIn',
        transactionInfo: { transactionId, chargingState: 'EVConnected' },
        idToken: { idToken: idTag, type: 'ISO14443' },
        meterValue: meterValue(sample, 'Transaction.Begin'),
      });
      return transactionId;
    },
    async meterValues(wire, transactionId, status, sample) {
      await event(wire, {
        eventType: 'Updated',
        triggerReason: 'MeterValuePeriodic',
        transactionInfo: { transactionId, chargingState: CHARGING_STATE[status] },
        meterValue: meterValue(sample, 'Sample.Periodic'),
      });
    },
    async stopTransaction(wire, transactionId, _idTag, sample) {
      await event(wire, {
        eventType: 'Ended',
        // The cable was pulled: "EVCommunicationLost", stopped because the EV left (E06).
        triggerReason: 'EVCommunicationLost',
        transactionInfo: { transactionId, chargingState: 'Idle', stoppedReason: 'EVDisconnected' },
        meterValue: meterValue(sample, 'Transaction.End'),
      });
      said.chargingState = '';
    },
  };
}
