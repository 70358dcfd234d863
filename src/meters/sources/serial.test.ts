// The serial path for real: the `serialport` package on one end of a socat pty pair, telegram
// bytes written into the other end. A pty ignores baud rate and parity (test/support/socat.ts):
// these tests show that the port opens with each DSMR setting, that bytes flow and decode, that
// auto-detection switches and reopens, and that a vanished device is reopened; they cannot show
// that a real UART at 9600 7E1 strips the parity bit. So the 7E1 case writes what such a UART
// delivers: 7-bit ASCII (DSMR 2.2 telegrams are plain ASCII).
import assert from 'node:assert/strict';
import { openSync, closeSync, writeSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { createPtyPair, requireSocat, type PtyPair } from '../../../test/support/socat.js';
import { createP1Decoder } from '../dsmr/decoder.js';
import { P1Reader, type P1ReaderEvent } from './reader.js';
import { SerialSource, type SerialSourceOptions } from './serial.js';
import { FAST_BACKOFF, fixture } from './test-helpers.js';

interface Rig {
  pair: PtyPair;
  reader: P1Reader;
  events: P1ReaderEvent[];
  /** Plays the meter: writes into the peer end of the pty pair. */
  write(bytes: Uint8Array): void;
  until(test: () => boolean, what: string): Promise<void>;
  close(): Promise<void>;
}

async function rig(options: Omit<SerialSourceOptions, 'path'>, link?: string): Promise<Rig> {
  const pair = await createPtyPair(link ? { link } : {});
  const peer = openSync(pair.peer, 'r+');
  const reader = new P1Reader({
    source: new SerialSource({ path: pair.device, backoff: FAST_BACKOFF, ...options }),
    decoder: createP1Decoder({}),
  });
  const events: P1ReaderEvent[] = [];
  reader.on((event) => events.push(event));
  reader.start();
  return {
    pair,
    reader,
    events,
    write: (bytes) => void writeSync(peer, bytes),
    until: (test, what) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          if (test()) {
            clearInterval(poll);
            resolve();
          } else if (Date.now() - started > 2_000) {
            clearInterval(poll);
            reject(new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events.map(brief))}`));
          }
        }, 5);
      }),
    close: async () => {
      await reader.stop();
      closeSync(peer);
      await pair.close();
    },
  };
}

function brief(event: P1ReaderEvent): string {
  if (event.type === 'status') return event.message;
  if (event.type === 'error') return `${event.error.kind}: ${event.error.message}`;
  return event.type;
}

const readings = (events: P1ReaderEvent[]): number => events.filter((e) => e.type === 'reading').length;
const connectedAs = (events: P1ReaderEvent[], detail: RegExp): boolean =>
  events.some(
    (e) => e.type === 'status' && e.status.state === 'connected' && detail.test(e.status.detail ?? ''),
  );

async function withRig(
  t: TestContext,
  options: Omit<SerialSourceOptions, 'path'>,
  body: (r: Rig) => Promise<void>,
) {
  if (!requireSocat(t)) return;
  const r = await rig(options);
  try {
    await body(r);
  } finally {
    await r.close();
  }
}

describe('serial source over a pty pair', () => {
  it('reads DSMR 5 telegrams at 115200 8N1', (t) =>
    withRig(t, { baud: 115200 }, async (r) => {
      await r.until(() => connectedAs(r.events, /^115200 8N1$/), 'the port open at 115200 8N1');
      for (const name of ['basjes_dsmr50_1.txt', 'basjes_dsmr50_2.txt', 'basjes_dsmr50_3.txt'])
        r.write(fixture(name));
      await r.until(() => readings(r.events) === 3, 'three readings');
      assert.equal(r.reader.counters.bad, 0);
    }));

  it('reads DSMR 2.2 telegrams at 9600 7E1', (t) =>
    withRig(t, { baud: 9600 }, async (r) => {
      await r.until(() => connectedAs(r.events, /^9600 7E1$/), 'the port open at 9600 7E1');
      const telegram = fixture('basjes_dsmr22_1.txt');
      assert.ok(
        telegram.every((byte) => byte < 0x80),
        'what a 7-bit UART hands over',
      );
      r.write(telegram);
      await r.until(() => readings(r.events) === 1, 'a reading');
      const reading = r.events.find((e) => e.type === 'reading');
      assert.equal(reading?.type === 'reading' && reading.reading.header, 'ISk5\\2MT382-1003');
    }));

  it('auto: leaves 115200 8N1 when the bytes are garbage, then locks on 9600 7E1', (t) =>
    withRig(t, { baud: 'auto', detectWindowMs: 10_000 }, async (r) => {
      await r.until(() => connectedAs(r.events, /^115200 8N1, trying$/), 'trying 115200 8N1');
      // What a 115200 UART makes of a 9600 line: framing garbage.
      r.write(Uint8Array.from({ length: 96 }, (_, i) => [0x00, 0x80, 0xf8, 0xfe, 0xff, 0xe0][i % 6]!));
      await r.until(() => connectedAs(r.events, /^9600 7E1, trying$/), 'the switch to 9600 7E1');
      r.write(fixture('basjes_dsmr22_2.txt'));
      await r.until(() => readings(r.events) === 1, 'a reading at 9600 7E1');
      assert.ok(connectedAs(r.events, /^9600 7E1, detected$/));
      const switching = r.events.find(
        (e) =>
          e.type === 'status' &&
          e.status.state === 'connecting' &&
          /not telegram text/.test(e.status.detail ?? ''),
      );
      assert.ok(switching, 'says why it switched');
    }));

  it('auto: cycles through the settings while the line stays silent', (t) =>
    withRig(t, { baud: 'auto', detectWindowMs: 40 }, async (r) => {
      const tried = (): string[] =>
        r.events.flatMap((e) =>
          e.type === 'status' && e.status.state === 'connected' ? [e.status.detail ?? ''] : [],
        );
      await r.until(() => tried().length >= 3, 'three settings tried');
      assert.deepEqual(tried().slice(0, 3), ['115200 8N1, trying', '9600 7E1, trying', '115200 8N1, trying']);
      r.write(fixture('basjes_dsmr50_1.txt'));
      await r.until(() => readings(r.events) >= 1, 'a reading once the meter talks');
    }));

  it('reopens the port after the device disappears (USB unplugged) and comes back', async (t) => {
    if (!requireSocat(t)) return;
    const link = join(mkdtempSync(join(tmpdir(), 'ampshare-pty-')), 'ttyP1');
    const r = await rig({ baud: 115200 }, link);
    let second: PtyPair | null = null;
    try {
      await r.until(() => connectedAs(r.events, /115200/), 'the first open');
      r.write(fixture('basjes_dsmr50_1.txt'));
      await r.until(() => readings(r.events) === 1, 'the first reading');
      await r.pair.close();
      await r.until(
        () => r.events.some((e) => e.type === 'status' && e.status.state === 'waiting'),
        'the loss noticed',
      );
      second = await createPtyPair({ link });
      const peer = openSync(second.peer, 'r+');
      const opens = (): number =>
        r.events.filter((e) => e.type === 'status' && e.status.state === 'connected').length;
      await r.until(() => opens() >= 2, 'the reopen');
      writeSync(peer, fixture('basjes_dsmr50_2.txt'));
      await r.until(() => readings(r.events) === 2, 'a reading from the new device');
      closeSync(peer);
    } finally {
      await r.close();
      await second?.close();
    }
  });
});
