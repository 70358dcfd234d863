// Charging stations for the runtime's tests: real ocpp-rpc clients (OCPP 1.6 or 2.0.1, strict
// validation) from the OCPP test harness, which accept every profile, remember what they hold, and
// can start a session and report what their car draws.
import {
  bootV16,
  bootV201,
  connectStation,
  meterValuesV16,
  Recorder,
  type TestStation,
} from '../../protocols/ocpp/test-support/harness.js';
import { HeldProfiles, type HeldProfile } from './held-profiles.js';

export type Protocol = 'ocpp1.6' | 'ocpp2.0.1';

export interface RigStation {
  id: string;
  protocol: Protocol;
  client: TestStation['client'];
  held: HeldProfiles;
  /** Every profile accepted, in order, for take(). */
  profiles: Recorder<HeldProfile>;
  /** The next accepted profile matching `match` (waits, real time). */
  take(match: (p: HeldProfile) => boolean, what: string, timeoutMs?: number): Promise<HeldProfile>;
  startTransaction(atMs: number): Promise<void>;
  /** MeterValues: the car draws this on each of its three phases. */
  reportDraw(currentA: number, atMs: number): Promise<void>;
  close(): Promise<void>;
}

/** `configuration`: the station's 1.6 keys or 2.0.1 variables (default: the harness's cooperative station). */
export async function connectRigStation(
  url: string,
  id: string,
  protocol: Protocol,
  configuration?: Record<string, string>,
): Promise<RigStation> {
  const held = new HeldProfiles();
  const profiles = new Recorder<HeldProfile>();
  const station = await connectStation(url, id, {
    protocol,
    ...(configuration ? { configuration } : {}),
    answer: {
      SetChargingProfile: (params) => {
        profiles.push(held.record(params));
        return { status: 'Accepted' };
      },
    },
  });
  await (protocol === 'ocpp1.6' ? bootV16(station) : bootV201(station));
  let seqNo = 1;
  let transactionId: string | null = null;
  return {
    id,
    protocol,
    client: station.client,
    held,
    profiles,
    take: (match, what, timeoutMs) => profiles.take(match, `${id}: ${what}`, timeoutMs),
    async startTransaction(atMs) {
      const timestamp = new Date(atMs).toISOString();
      if (protocol === 'ocpp1.6') {
        await station.client.call('StatusNotification', {
          connectorId: 1,
          errorCode: 'NoError',
          status: 'Preparing',
        });
        const res = (await station.client.call('StartTransaction', {
          connectorId: 1,
          idTag: `TAG-${id}`,
          meterStart: 0,
          timestamp,
        })) as { transactionId: number };
        transactionId = String(res.transactionId);
        return;
      }
      transactionId = `tx-${id}`;
      await station.client.call('TransactionEvent', {
        eventType: 'Started',
        timestamp,
        triggerReason: 'CablePluggedIn',
        seqNo: 0,
        transactionInfo: { transactionId, chargingState: 'Charging' },
        evse: { id: 1, connectorId: 1 },
      });
    },
    async reportDraw(currentA, atMs) {
      const timestamp = new Date(atMs).toISOString();
      if (protocol === 'ocpp1.6') {
        const params = meterValuesV16(1, [currentA, currentA, currentA], timestamp);
        await station.client.call('MeterValues', {
          ...params,
          ...(transactionId === null ? {} : { transactionId: Number(transactionId) }),
        });
        return;
      }
      await station.client.call('TransactionEvent', {
        eventType: 'Updated',
        timestamp,
        triggerReason: 'MeterValuePeriodic',
        seqNo: seqNo++,
        transactionInfo: { transactionId: transactionId ?? `tx-${id}`, chargingState: 'Charging' },
        meterValue: [
          {
            timestamp,
            sampledValue: (['L1', 'L2', 'L3'] as const).map((phase) => ({
              value: currentA,
              measurand: 'Current.Import',
              phase,
              unitOfMeasure: { unit: 'A' },
            })),
          },
        ],
      });
    },
    close: () => station.close(),
  };
}
