// What a CSMS test opened (central systems, stations, clients), closed after each test in reverse
// order; a station connected through the harness, and a connector handle, closed that way.
import { afterEach } from 'node:test';
import type { Csms } from '../csms.js';
import { connectStation, type TestStation } from './harness.js';

/** Push a close for everything a test opens; afterEach closes them, newest first. */
export const open: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

/** A test station (connectStation) closed after the test. */
export async function station(
  url: string,
  identity: string,
  options: Parameters<typeof connectStation>[2],
): Promise<TestStation> {
  const s = await connectStation(url, identity, options);
  open.push(() => s.close());
  return s;
}

/** The connector settings the CSMS tests use: fail-safe 6 A, three phases at 230 V, 60 s profiles. */
export const CONNECTOR_SETTINGS = { failsafeA: 6, phases: 3 as const, voltageV: 230, profileDurationS: 60 };

/** A connector handle (CONNECTOR_SETTINGS) released after the test. */
export function connector(csms: Csms, stationId: string, connectorId = 1): ReturnType<Csms['connector']> {
  const handle = csms.connector(stationId, connectorId, CONNECTOR_SETTINGS);
  open.push(async () => handle.release());
  return handle;
}
