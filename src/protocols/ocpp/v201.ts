// OCPP 2.0.1: inbound messages into the station model, and the calls ampshare makes. ampshare
// controls per EVSE: the device's `connector` is the evseId. Payloads have passed ocpp-rpc's strict
// schema validation, so the casts below only name shapes the schema guarantees.
import {
  capabilitiesV201,
  MEASURAND_FALLBACKS,
  variablesV201,
  type StationCapabilities,
  type VariableResult,
} from './capabilities.js';
import { samplesV201 } from './meter-values.js';
import { setChargingProfileV201 } from './profiles.js';
import { acknowledge, type ProtocolAdapter, type Session } from './session.js';

interface MeterValue {
  timestamp: string;
  sampledValue: {
    value: number;
    measurand?: string;
    phase?: string;
    unitOfMeasure?: { unit?: string; multiplier?: number };
  }[];
}

interface TransactionEvent {
  eventType: 'Started' | 'Updated' | 'Ended';
  transactionInfo: { transactionId: string; chargingState?: string };
  evse?: { id: number };
  idToken?: { idToken: string };
  meterValue?: MeterValue[];
}

export function adapterV201(session: Session): ProtocolAdapter {
  const { client, station, config, ctx } = session;
  const idTokenInfo = (idToken: string) => ({
    status: session.isAuthorized(idToken) ? 'Accepted' : 'Invalid',
  });
  const addMeterValues = (evseId: number, meterValue: MeterValue[]) =>
    station.addSamples(
      evseId,
      meterValue.flatMap((mv) => samplesV201(mv.sampledValue)),
      ctx.clock.now(),
    );

  client.handle('BootNotification', ({ params }) => {
    const p = params as { chargingStation: { vendorName: string; model: string; firmwareVersion?: string } };
    const cs = p.chargingStation;
    session.booted({ vendor: cs.vendorName, model: cs.model, firmware: cs.firmwareVersion ?? null });
    return { status: 'Accepted', currentTime: session.isoNow(), interval: config.heartbeatIntervalS };
  });
  client.handle('Heartbeat', () => ({ currentTime: session.isoNow() }));
  client.handle('StatusNotification', ({ params }) => {
    const p = params as { evseId: number; connectorStatus: string };
    station.setStatus(p.evseId, p.connectorStatus);
    return {};
  });
  client.handle('Authorize', ({ params }) => ({
    idTokenInfo: idTokenInfo((params as { idToken: { idToken: string } }).idToken.idToken),
  }));
  client.handle('TransactionEvent', ({ params }) => {
    const p = params as TransactionEvent;
    const transactionId = p.transactionInfo.transactionId;
    // The first event of a transaction names its EVSE; later ones may leave it out, so the
    // transaction id finds the EVSE then.
    const evseId = p.evse?.id ?? station.connectorOfTransaction(transactionId);
    if (evseId !== null) {
      if (p.transactionInfo.chargingState) station.setChargingState(evseId, p.transactionInfo.chargingState);
      if (p.meterValue) addMeterValues(evseId, p.meterValue);
      if (p.eventType === 'Ended') {
        if (station.endTransaction(transactionId) !== null) {
          ctx.emit({
            type: 'ocpp.transactionEnded',
            stationId: station.id,
            connectorId: evseId,
            transactionId,
          });
        }
      } else if (station.connector(evseId).transactionId !== transactionId) {
        // Started, or an Updated for a transaction begun before we (re)started: either way it runs.
        station.startTransaction(evseId, transactionId);
        ctx.emit({
          type: 'ocpp.transactionStarted',
          stationId: station.id,
          connectorId: evseId,
          transactionId,
        });
      }
    }
    return p.idToken ? { idTokenInfo: idTokenInfo(p.idToken.idToken) } : {};
  });
  client.handle('MeterValues', ({ params }) => {
    const p = params as { evseId: number; meterValue: MeterValue[] };
    addMeterValues(p.evseId, p.meterValue);
    return {};
  });
  client.handle('DataTransfer', () => ({ status: 'UnknownVendorId' }));
  acknowledge(session, [
    'NotifyEvent',
    'NotifyReport',
    'NotifyChargingLimit',
    'NotifyMonitoringReport',
    'SecurityEventNotification',
    'FirmwareStatusNotification',
    'LogStatusNotification',
    'ReportChargingProfiles',
  ]);

  async function setVariables(values: [component: string, variable: string, value: string][]) {
    const res = await session.call<{
      setVariableResult: { attributeStatus: string; variable: { name: string } }[];
    }>('SetVariables', {
      setVariableData: values.map(([component, variable, attributeValue]) => ({
        component: { name: component },
        variable: { name: variable },
        attributeValue,
      })),
    });
    return res.setVariableResult;
  }

  /** Meter values during a transaction (SampledDataCtrlr) and clock-aligned ones (AlignedDataCtrlr). */
  async function setMeterValues(): Promise<void> {
    const interval = String(config.meterValueIntervalS);
    for (const set of MEASURAND_FALLBACKS) {
      const measurands = set.join(',');
      const results = await setVariables([
        ['SampledDataCtrlr', 'TxUpdatedInterval', interval],
        ['SampledDataCtrlr', 'TxUpdatedMeasurands', measurands],
        ['AlignedDataCtrlr', 'Interval', interval],
        ['AlignedDataCtrlr', 'Measurands', measurands],
      ]);
      const refused = results.filter((r) => r.attributeStatus !== 'Accepted');
      if (!refused.some((r) => r.variable.name.endsWith('Measurands'))) return;
    }
    ctx.log.warn('station refused every measurand set', { stationId: station.id });
  }

  return {
    async configure(evseIds): Promise<StationCapabilities> {
      const res = await session.call<{ getVariableResult: VariableResult[] }>('GetVariables', {
        getVariableData: variablesV201(evseIds),
      });
      const capabilities = capabilitiesV201(res.getVariableResult);
      await setMeterValues();
      return capabilities;
    },

    async setChargingProfile(spec, units) {
      const res = await session.call<{ status: string }>(
        'SetChargingProfile',
        setChargingProfileV201(spec, units),
      );
      return res.status;
    },
  };
}
