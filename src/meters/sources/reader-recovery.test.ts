// How the reader keeps going: backoff that starts over after a good telegram, and subscribers
// that throw without stopping the stream.
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { createP1Decoder } from '../dsmr/decoder.js';
import { FileSource } from './file.js';
import { P1Reader, type P1ReaderEvent } from './reader.js';
import { TcpSource } from './tcp.js';
import { FAST_BACKOFF, Recorder, fixture, fixturePath } from './test-helpers.js';

describe('P1 reader recovery', () => {
  it('starts the backoff over once a telegram decoded', async () => {
    // Two connections dropped at once (backoff grows), then one that delivers a telegram.
    let connections = 0;
    const server = net.createServer((socket) => {
      connections += 1;
      socket.end(connections === 3 ? fixture('basjes_dsmr50_1.txt') : Buffer.alloc(0));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const recorder = new Recorder();
    const reader = new P1Reader({
      source: new TcpSource({ host: '127.0.0.1', port, backoff: FAST_BACKOFF, random: () => 1 }),
      decoder: createP1Decoder({}),
    });
    reader.on((event) => {
      if (event.type === 'status') recorder.listener(event);
    });
    reader.start();
    const retries = (): number[] =>
      recorder.statuses.flatMap((s) => (s.state === 'waiting' ? [s.retryInMs] : []));
    await recorder.until(() => retries().length >= 4, 'four retries');
    await reader.stop();
    server.close();
    assert.equal(reader.counters.good, 1);
    // 10, 20 while failing; after the telegram on the third connection it starts at 10 again.
    assert.deepEqual(retries().slice(0, 4), [10, 20, 10, 20]);
  });

  it('keeps reading when a subscriber throws', async () => {
    const reader = new P1Reader({
      source: new FileSource({ path: fixturePath('basjes_stream_dsmr50_1.txt') }),
      decoder: createP1Decoder({}),
      watchdog: false,
    });
    const seen: P1ReaderEvent[] = [];
    reader.on(() => {
      throw new Error('a broken dashboard');
    });
    reader.on((event) => seen.push(event));
    const error = console.error;
    const complaints: unknown[] = [];
    console.error = (...args: unknown[]) => void complaints.push(args);
    try {
      reader.start();
      await reader.done;
    } finally {
      console.error = error;
    }
    assert.equal(seen.filter((e) => e.type === 'reading').length, 2);
    assert.ok(complaints.length >= 2);
  });
});
