// OCPP 1.6-J: inbound Core messages into the station model, and the calls ampshare makes. Every
// payload both ways has already passed ocpp-rpc's strict schema validation, so the casts below only
// name shapes the schema guarantees.
import { capabilitiesV16, KEYS_V16, MEASURAND_FALLBACKS, type StationCapabilities } from './capabilities.js';
import { samplesV16 } from './meter-values.js';
import { setChargingProfileV16 } from './profiles.js';
import { acknowledge, type ProtocolAdapter, type Session } from './session.js';

interface SampledValue {
  value: string;
  measurand?: string;
  phase?: string;
  unit?: string;
}
interface MeterValue {
  timestamp: string;
  sampledValue: SampledValue[];
}

export function adapterV16(session: Session): ProtocolAdapter {
  const { client, station, config, ctx } = session;
  const idTagInfo = (idTag: string) => ({ status: session.isAuthorized(idTag) ? 'Accepted' : 'Invalid' });

  client.handle('BootNotification', ({ params }) => {
    const p = params as { chargePointVendor: string; chargePointModel: string; firmwareVersion?: string };
    session.booted({
      vendor: p.chargePointVendor,
      model: p.chargePointModel,
      firmware: p.firmwareVersion ?? null,
    });
    return { status: 'Accepted', currentTime: session.isoNow(), interval: config.heartbeatIntervalS };
  });
  client.handle('Heartbeat', () => ({ currentTime: session.isoNow() }));
  client.handle('StatusNotification', ({ params }) => {
    const p = params as { connectorId: number; status: string };
    station.setStatus(p.connectorId, p.status);
    return {};
  });
  client.handle('Authorize', ({ params }) => ({ idTagInfo: idTagInfo((params as { idTag: string }).idTag) }));
  client.handle('StartTransaction', ({ params }) => {
    const p = params as { connectorId: number; idTag: string; meterStart: number };
    const transactionId = session.newTransactionId();
    // Recorded even when the idTag is refused: a station with StopTransactionOnInvalidId=false
    // charges anyway (1.6 §9.1), and whatever charges must be limited.
    // meterStart: the register in Wh (1.6 §6.46).
    station.startTransaction(p.connectorId, String(transactionId), p.meterStart / 1000);
    ctx.emit({
      type: 'ocpp.transactionStarted',
      stationId: station.id,
      connectorId: p.connectorId,
      transactionId: String(transactionId),
    });
    return { idTagInfo: idTagInfo(p.idTag), transactionId };
  });
  client.handle('StopTransaction', ({ params }) => {
    const p = params as { transactionId: number; idTag?: string };
    const transactionId = String(p.transactionId);
    const connectorId = station.endTransaction(transactionId);
    if (connectorId !== null) {
      ctx.emit({ type: 'ocpp.transactionEnded', stationId: station.id, connectorId, transactionId });
    }
    return p.idTag === undefined ? {} : { idTagInfo: idTagInfo(p.idTag) };
  });
  client.handle('MeterValues', ({ params }) => {
    const p = params as { connectorId: number; transactionId?: number; meterValue: MeterValue[] };
    if (p.transactionId !== undefined && p.connectorId > 0) {
      // A session we did not see start (ampshare restarted, or the station reconnected mid-session).
      const transactionId = String(p.transactionId);
      if (station.connector(p.connectorId).transactionId !== transactionId) {
        station.startTransaction(p.connectorId, transactionId);
        ctx.emit({
          type: 'ocpp.transactionStarted',
          stationId: station.id,
          connectorId: p.connectorId,
          transactionId,
        });
      }
    }
    const samples = p.meterValue.flatMap((mv) => samplesV16(mv.sampledValue));
    station.addSamples(p.connectorId, samples, ctx.clock.now());
    return {};
  });
  client.handle('DataTransfer', () => ({ status: 'UnknownVendorId' }));
  acknowledge(session, ['DiagnosticsStatusNotification', 'FirmwareStatusNotification']);

  async function setMeterValues(measurandsMax: number | null): Promise<void> {
    const interval = await session.call<{ status: string }>('ChangeConfiguration', {
      key: 'MeterValueSampleInterval',
      value: String(config.meterValueIntervalS),
    });
    if (interval.status !== 'Accepted') {
      ctx.log.warn('station refused MeterValueSampleInterval', {
        stationId: station.id,
        status: interval.status,
      });
    }
    for (const set of MEASURAND_FALLBACKS) {
      const measurands = set.slice(
        0,
        measurandsMax !== null && measurandsMax > 0 ? measurandsMax : set.length,
      );
      const res = await session.call<{ status: string }>('ChangeConfiguration', {
        key: 'MeterValuesSampledData',
        value: measurands.join(','),
      });
      if (res.status === 'Accepted') return;
    }
    ctx.log.warn('station refused every MeterValuesSampledData set', { stationId: station.id });
  }

  return {
    async configure(): Promise<StationCapabilities> {
      const res = await session.call<{ configurationKey?: { key: string; value?: string }[] }>(
        'GetConfiguration',
        { key: [...KEYS_V16] },
      );
      const values = new Map<string, string>();
      for (const k of res.configurationKey ?? []) {
        if (k.value !== undefined) values.set(k.key.toLowerCase(), k.value);
      }
      const capabilities = capabilitiesV16(values);
      await setMeterValues(capabilities.measurandsMax);
      return capabilities;
    },

    async setChargingProfile(spec, units) {
      const res = await session.call<{ status: string }>(
        'SetChargingProfile',
        setChargingProfileV16(spec, units),
      );
      return res.status;
    },
  };
}
