// The reader end to end over real transports (loopback TCP, HTTP, files) and the real decoder.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { describe, it } from 'node:test';
import { createP1Decoder } from '../dsmr/decoder.js';
import { FileSource } from './file.js';
import { HttpSource } from './http.js';
import { P1Reader, type P1ReaderEvent } from './reader.js';
import { TcpSource } from './tcp.js';
import { FAST_BACKOFF, fixture, fixturePath } from './test-helpers.js';

function collect(reader: P1Reader): P1ReaderEvent[] {
  const events: P1ReaderEvent[] = [];
  reader.on((event) => events.push(event));
  return events;
}

function until(test: () => boolean, what: string, timeoutMs = 2_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (test()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 5);
  });
}

const readingsOf = (events: P1ReaderEvent[]): P1ReaderEvent[] => events.filter((e) => e.type === 'reading');

describe('P1 reader', () => {
  it('reads a TCP dongle that drops mid-telegram: reconnects, reports the cut telegram, parses the rest', async () => {
    const dropped = Buffer.concat([
      fixture('basjes_dsmr50_1.txt'),
      fixture('basjes_dsmr50_2.txt').subarray(0, 300),
    ]);
    // The 566 capture starts mid-telegram (288 bytes the decoder must skip), then 566 whole ones.
    const next = Buffer.concat([fixture('basjes_dsmr50_3.txt'), fixture('basjes_stream_dsmr50_566.txt')]);
    let connections = 0;
    const server = net.createServer((socket) => {
      connections += 1;
      if (connections === 1) socket.write(dropped, () => socket.destroy());
      else if (connections === 2) socket.write(next);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const reader = new P1Reader({
      source: new TcpSource({ host: '127.0.0.1', port, backoff: FAST_BACKOFF }),
      decoder: createP1Decoder({}),
      idleGapMs: 60_000,
    });
    const events = collect(reader);
    reader.start();
    await until(() => readingsOf(events).length === 568, '568 readings');
    await reader.stop();
    server.close();
    assert.equal(connections, 2);
    const errors = events.flatMap((e) => (e.type === 'error' ? [e.error.kind] : []));
    assert.deepEqual(errors, ['truncated']);
    assert.equal(reader.counters.good, 568);
    assert.equal(reader.counters.skippedBytes, 288);
    const statuses = events.flatMap((e) => (e.type === 'status' ? [e.message] : []));
    assert.match(statuses.join('\n'), /tcp 127\.0\.0\.1:\d+: not connected: closed by peer, retry in/);
    assert.equal(events.at(-1)?.type, 'end');
  });

  it('replays a file as fast as it can, in order, through the async iterator', async () => {
    const reader = new P1Reader({
      source: new FileSource({ path: fixturePath('basjes_stream_dsmr50_566.txt'), chunkBytes: 4096 }),
      decoder: createP1Decoder({}),
      watchdog: false,
    });
    reader.start();
    const timestamps: string[] = [];
    for await (const reading of reader.readings()) timestamps.push(reading.timestamp ?? '');
    assert.equal(timestamps.length, 566);
    assert.deepEqual(
      timestamps,
      [...timestamps].sort((a, b) => Date.parse(a) - Date.parse(b)),
    );
    assert.equal(timestamps[0], '2019-03-24T15:05:19+01:00');
  });

  it('replays a file at the pace of its timestamps (fake clock, no waiting)', async () => {
    let nowMs = 0;
    const sleeps: number[] = [];
    const clock = {
      now: () => nowMs,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        nowMs += ms;
      },
    };
    const reader = new P1Reader({
      source: new FileSource({
        path: fixturePath('basjes_stream_dsmr50_566.txt'),
        realtime: true,
        clock,
        createDecoder: () => createP1Decoder({}),
      }),
      decoder: createP1Decoder({}),
      clock,
      watchdog: false,
    });
    const events = collect(reader);
    reader.start();
    await reader.done;
    const readings = readingsOf(events).flatMap((e) => (e.type === 'reading' ? [e] : []));
    assert.equal(readings.length, 566);
    // Each telegram is handed over when the previous one's timestamp plus the gap between them is due.
    for (let i = 1; i < readings.length; i += 1) {
      const gapMs =
        Date.parse(readings[i]!.reading.timestamp!) - Date.parse(readings[i - 1]!.reading.timestamp!);
      assert.equal(readings[i]!.receivedAt - readings[i - 1]!.receivedAt, gapMs, `telegram ${i}`);
    }
    const span =
      Date.parse(readings.at(-1)!.reading.timestamp!) - Date.parse(readings[0]!.reading.timestamp!);
    assert.equal(nowMs, span);
    assert.ok(sleeps.filter((ms) => ms === 1000).length > 500, 'a DSMR 5 meter sends every second');
  });

  it('polls a HomeWizard /api/v1/telegram and decodes it; a telegram without "!" ends with the response', async () => {
    const dsmr22 = fixture('basjes_dsmr22_1.txt');
    const withoutEnd = dsmr22.subarray(0, dsmr22.lastIndexOf('!'));
    let count = 0;
    const server = http.createServer((_request, response) => {
      count += 1;
      response.end(count === 1 ? withoutEnd : fixture('basjes_dsmr22_2.txt'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const reader = new P1Reader({
      source: new HttpSource({ url: `http://127.0.0.1:${port}`, pollMs: 5 }),
      decoder: createP1Decoder({}),
    });
    const events = collect(reader);
    reader.start();
    try {
      await until(() => readingsOf(events).length === 2, 'two readings');
    } finally {
      await reader.stop();
      server.closeAllConnections();
      server.close();
    }
    const [first, second] = readingsOf(events).map((e) => (e.type === 'reading' ? e.reading : null));
    assert.equal(first?.header, 'ISk5\\2MT382-1003');
    assert.equal(first?.crc, 'absent');
    assert.equal(second?.powerExportW, 620);
    assert.deepEqual(
      events.filter((e) => e.type === 'error'),
      [],
    );
  });

  it('maps a HomeWizard /api/v1/data answer straight to a Reading', async () => {
    const server = http.createServer((_request, response) =>
      response.end(
        JSON.stringify({
          smr_version: 42,
          meter_model: 'KFM5KAIFA-METER',
          active_power_w: 1500,
          active_power_l1_w: 1500,
          active_voltage_l1_v: 230,
        }),
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const reader = new P1Reader({
      source: new HttpSource({ url: `http://127.0.0.1:${port}/api/v1/data`, pollMs: 5 }),
      decoder: createP1Decoder({}),
    });
    const events = collect(reader);
    reader.start();
    try {
      await until(() => readingsOf(events).length === 1, 'a reading');
    } finally {
      await reader.stop();
      server.closeAllConnections();
      server.close();
    }
    const reading = readingsOf(events)[0];
    assert.equal(reading?.type === 'reading' && reading.reading.phases[0]?.netCurrentA, 6.522);
  });

  it('says when a connected dongle goes quiet, what it waits on, and when telegrams return', async () => {
    let peer: net.Socket | null = null;
    const server = net.createServer((socket) => (peer = socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    let nowMs = Date.parse('2024-05-01T12:00:00Z');
    const reader = new P1Reader({
      source: new TcpSource({ host: '127.0.0.1', port, backoff: FAST_BACKOFF }),
      decoder: createP1Decoder({}),
      clock: { now: () => nowMs },
      watchdogTickMs: 60_000,
    });
    const events = collect(reader);
    reader.start();
    await until(
      () => peer !== null && events.some((e) => e.type === 'status' && e.status.state === 'connected'),
      'connected',
    );
    peer!.write(fixture('basjes_dsmr50_1.txt'));
    await until(() => readingsOf(events).length === 1, 'a reading');
    nowMs += 3_100; // DSMR 5: three 1-second periods
    reader.checkWatchdog();
    reader.checkWatchdog();
    const silent = events.filter((e) => e.type === 'silent');
    assert.equal(silent.length, 1);
    assert.match(
      silent[0]?.type === 'silent' ? silent[0].message : '',
      /^no telegram for 3\.1 s from tcp 127\.0\.0\.1:\d+ \(connected, 0 bytes since \d\d:\d\d:\d\d\)$/,
    );
    peer!.write(fixture('basjes_dsmr50_2.txt'));
    await until(() => readingsOf(events).length === 2, 'the second reading');
    const recovered = events.find((e) => e.type === 'recovered');
    assert.match(
      recovered?.type === 'recovered' ? recovered.message : '',
      /^telegrams from tcp .* again after 3\.1 s$/,
    );
    await reader.stop();
    server.close();
  });

  it('flushes a telegram without "!" when the line goes quiet', async () => {
    const dsmr22 = fixture('basjes_dsmr22_1.txt');
    const server = net.createServer((socket) => socket.write(dsmr22.subarray(0, dsmr22.lastIndexOf('!'))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const reader = new P1Reader({
      source: new TcpSource({ host: '127.0.0.1', port, backoff: FAST_BACKOFF }),
      decoder: createP1Decoder({}),
      idleGapMs: 30,
    });
    const events = collect(reader);
    reader.start();
    await until(() => readingsOf(events).length === 1, 'the reading after the quiet gap');
    await reader.stop();
    server.close();
  });
});
