// What a CSMS test opened (central systems, stations, clients), closed after each test in reverse
// order; and a station connected through the harness that is closed that way.
import { afterEach } from 'node:test';
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
