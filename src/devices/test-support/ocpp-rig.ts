// A CSMS with one OCPP charger driver and its station over loopback, for the driver's tests.
// Time is a FakeClock: durations are the real defaults (60 s, 30 s grace) and cost nothing.
import type { CsmsConfigInput } from '../../protocols/ocpp/config.js';
import {
  bootV16,
  bootV201,
  connectStation,
  Recorder,
  startCsms,
  type Harness,
  type StationOptions,
  type TestStation,
} from '../../protocols/ocpp/test-support/harness.js';
import type { DeviceEvent, DriverContext } from '../driver.js';
import { OcppCharger, ocppDriverConfigSchema } from '../ocpp.js';

export interface Rig {
  harness: Harness;
  station: TestStation;
  driver: OcppCharger;
  deviceEvents: Recorder<DeviceEvent>;
}

const open: (() => Promise<void>)[] = [];

/** Registers something a test opened to be closed by closeRigs(). */
export function closeLater(close: () => Promise<void>): void {
  open.push(close);
}

/** Closes everything the rigs opened, newest first (call it in afterEach). */
export async function closeRigs(): Promise<void> {
  for (const close of open.splice(0).reverse()) await close();
}

export interface RigOptions {
  /** Driver config on top of a 3-phase 16 A charger on CP-1 connector 1. */
  device?: Record<string, unknown>;
  /** The station's configuration (see connectStation). */
  configuration?: Record<string, string>;
  /** The station's answers to the CSMS's calls (see connectStation). */
  answer?: StationOptions['answer'];
  csms?: CsmsConfigInput;
}

/** A CSMS, an OCPP driver for CP-1 connector 1, and station CP-1 connected, booted and configured. */
export async function rig(protocol: 'ocpp1.6' | 'ocpp2.0.1', options: RigOptions = {}): Promise<Rig> {
  const { device = {}, configuration } = options;
  const harness = await startCsms({ stations: { 'CP-1': {} }, ...options.csms });
  open.push(() => harness.close());
  const deviceEvents = new Recorder<DeviceEvent>();
  const ctx: DriverContext = {
    log: harness.ctx.log,
    emit: (e) => deviceEvents.push(e),
    clock: harness.clock,
    ocpp: harness.csms,
  };
  const config = ocppDriverConfigSchema.parse({
    id: 'cp1',
    stationId: 'CP-1',
    connector: 1,
    phases: ['L1', 'L2', 'L3'],
    maxA: 16,
    ...device,
  });
  const driver = new OcppCharger(config, ctx);
  open.push(() => driver.close());
  const station = await connectStation(harness.url, 'CP-1', {
    protocol,
    ...(configuration ? { configuration } : {}),
    ...(options.answer ? { answer: options.answer } : {}),
  });
  open.push(() => station.close());
  await (protocol === 'ocpp1.6' ? bootV16(station) : bootV201(station));
  await harness.event('ocpp.configured');
  return { harness, station, driver, deviceEvents };
}

export type Profile16 = {
  connectorId: number;
  csChargingProfiles: {
    chargingProfilePurpose: string;
    transactionId?: number;
    stackLevel: number;
    chargingSchedule: {
      duration?: number;
      startSchedule: string;
      chargingRateUnit: string;
      chargingSchedulePeriod: { startPeriod: number; limit: number; numberPhases: number }[];
    };
  };
};

export const txProfile = (p: Profile16) => p.csChargingProfiles.chargingProfilePurpose === 'TxProfile';
export const txDefault = (p: Profile16) => p.csChargingProfiles.chargingProfilePurpose === 'TxDefaultProfile';

export async function startTransactionV16(r: Rig, meterStartWh = 0): Promise<number> {
  await r.station.client.call('StatusNotification', {
    connectorId: 1,
    errorCode: 'NoError',
    status: 'Preparing',
  });
  const res = (await r.station.client.call('StartTransaction', {
    connectorId: 1,
    idTag: 'TAG-1',
    meterStart: meterStartWh,
    timestamp: new Date(r.harness.clock.now()).toISOString(),
  })) as { transactionId: number };
  // Before any setpoint the session gets a fail-safe TxProfile (consumed here).
  await r.station.take<Profile16>('SetChargingProfile', txProfile);
  return res.transactionId;
}

export type Profile201 = {
  evseId: number;
  chargingProfile: {
    chargingProfilePurpose: string;
    transactionId?: string;
    chargingSchedule: {
      duration?: number;
      chargingRateUnit: string;
      chargingSchedulePeriod: { startPeriod: number; limit: number; numberPhases: number }[];
    }[];
  };
};

export function limitOf(p: Profile16): number {
  return p.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0]!.limit;
}

export function limit201(p: Profile201): number {
  return p.chargingProfile.chargingSchedule[0]!.chargingSchedulePeriod[0]!.limit;
}

/** The CSMS has the station's answer: the limit is in force, its renewal timer is set. */
export async function accepted(r: Rig, currentA: number): Promise<void> {
  await r.harness.event('ocpp.limitAccepted', (e) => e.purpose === 'TxProfile' && e.currentA === currentA);
}

export function iso(r: Rig): string {
  return new Date(r.harness.clock.now()).toISOString();
}

/** The CSMS reacts to a message one event-loop turn after answering it. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
