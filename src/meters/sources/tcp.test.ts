import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { TcpSource } from './tcp.js';
import { FAST_BACKOFF, Recorder, fixture } from './test-helpers.js';

/** A P1 dongle on loopback: each connection gets the next script of bytes, then is dropped. */
async function dongle(
  scripts: Buffer[],
): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const script = scripts[connections] ?? Buffer.alloc(0);
    connections += 1;
    socket.end(script);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('tcp source', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('reconnects after the peer drops mid-telegram and delivers every byte of both connections', async () => {
    const first = Buffer.concat([
      fixture('basjes_dsmr50_1.txt'),
      fixture('basjes_dsmr50_2.txt').subarray(0, 300),
    ]);
    const second = fixture('basjes_dsmr50_3.txt');
    const server = await dongle([first, second]);
    cleanups.push(server.close);
    const source = new TcpSource({
      host: '127.0.0.1',
      port: server.port,
      backoff: FAST_BACKOFF,
      random: () => 0.5,
    });
    const recorder = new Recorder();
    source.start(recorder.listener);
    await recorder.until(() => recorder.bytes.length === first.length + second.length, 'both connections');
    await source.stop();
    assert.equal(server.connections() >= 2, true);
    assert.deepEqual(recorder.bytes, Buffer.concat([first, second]));
    const states = recorder.statuses.map((s) => s.state);
    assert.deepEqual(states.slice(0, 5), ['connecting', 'connected', 'waiting', 'connecting', 'connected']);
    assert.deepEqual(recorder.statuses[2], { state: 'waiting', error: 'closed by peer', retryInMs: 8 });
    assert.equal(states.at(-1), 'ended');
  });

  it('retries a refused connection with growing delays until the dongle is there', async () => {
    const probe = await dongle([]);
    const port = probe.port;
    await probe.close();
    const source = new TcpSource({ host: '127.0.0.1', port, backoff: FAST_BACKOFF, random: () => 1 });
    const recorder = new Recorder();
    source.start(recorder.listener);
    const waits = (): { error: string; retryInMs: number }[] =>
      recorder.statuses.flatMap((s) => (s.state === 'waiting' ? [s] : []));
    await recorder.until(() => waits().length >= 3, 'three refusals');
    assert.deepEqual(
      waits()
        .slice(0, 3)
        .map((w) => [w.error, w.retryInMs]),
      [
        ['ECONNREFUSED', 10],
        ['ECONNREFUSED', 20],
        ['ECONNREFUSED', 40],
      ],
    );
    const server = net.createServer((socket) => socket.end('/ISK5\\2M550T-1012\r\n'));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    await recorder.until(() => recorder.bytes.length > 0, 'bytes after the dongle came up');
    await source.stop();
  });

  it('gives up a connect attempt that hangs, and says so', async () => {
    const source = new TcpSource({
      host: '192.0.2.1',
      port: 23,
      dial: () => new net.Socket(),
      connectTimeoutMs: 30,
      backoff: FAST_BACKOFF,
    });
    const recorder = new Recorder();
    source.start(recorder.listener);
    await recorder.until(() => recorder.statuses.some((s) => s.state === 'waiting'), 'a timeout');
    await source.stop();
    const waiting = recorder.statuses.find((s) => s.state === 'waiting');
    assert.match(waiting?.state === 'waiting' ? waiting.error : '', /^ETIMEDOUT/);
  });

  it('stops promptly while waiting to retry', async () => {
    const source = new TcpSource({
      host: '127.0.0.1',
      port: 9,
      dial: () => new net.Socket().destroy(),
      backoff: { ...FAST_BACKOFF, initialMs: 60_000, maxMs: 60_000, floorMs: 60_000 },
    });
    const recorder = new Recorder();
    source.start(recorder.listener);
    await recorder.until(() => recorder.statuses.some((s) => s.state === 'waiting'), 'the first failure');
    await source.stop();
    assert.equal(recorder.statuses.at(-1)?.state, 'ended');
  });
});
