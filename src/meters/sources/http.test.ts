import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { Reading } from '../../model/reading.js';
import { HttpSource, resolveHttpEndpoint, restoreCrlf } from './http.js';
import { FAST_BACKOFF, Recorder, fixture } from './test-helpers.js';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse, count: number) => void;

/** A HomeWizard-shaped P1 meter on loopback; `handler` decides each answer. */
async function p1Meter(
  handler: Handler,
): Promise<{ base: string; requests: () => number; close(): Promise<void> }> {
  let count = 0;
  const server = http.createServer((request, response) => handler(request, response, count++));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const readings = (recorder: Recorder): Reading[] =>
  recorder.events.flatMap((e) => (e.type === 'reading' ? [e.reading] : []));

describe('http source', () => {
  it('knows the endpoints', () => {
    assert.deepEqual(resolveHttpEndpoint('http://10.0.0.5'), {
      url: 'http://10.0.0.5/api/v1/telegram',
      kind: 'telegram',
    });
    assert.deepEqual(resolveHttpEndpoint('http://10.0.0.5/api/v1/data'), {
      url: 'http://10.0.0.5/api/v1/data',
      kind: 'data',
    });
    assert.equal(resolveHttpEndpoint('http://dongle/p1.txt').kind, 'telegram');
    assert.throws(() => resolveHttpEndpoint('ftp://x/'), /only http/);
  });

  it('polls /api/v1/data and turns each new answer into a Reading', async () => {
    const meter = await p1Meter((request, response, count) => {
      assert.equal(request.url, '/api/v1/data');
      response.setHeader('content-type', 'application/json');
      // The same answer twice in a row is the same telegram (a 10 s meter polled every second).
      const powerW = 100 * Math.floor(count / 2);
      response.end(
        JSON.stringify({
          smr_version: 50,
          meter_model: 'ISKRA',
          active_power_w: powerW,
          active_power_l1_w: powerW,
        }),
      );
    });
    const source = new HttpSource({ url: `${meter.base}/api/v1/data`, pollMs: 5 });
    const recorder = new Recorder();
    source.start(recorder.listener);
    await recorder.until(() => readings(recorder).length >= 3, 'three readings');
    await source.stop();
    await meter.close();
    assert.deepEqual(
      readings(recorder)
        .slice(0, 3)
        .map((r) => [r.powerImportW, r.header, r.crc]),
      [
        [0, 'ISKRA', 'absent'],
        [100, 'ISKRA', 'absent'],
        [200, 'ISKRA', 'absent'],
      ],
    );
    assert.ok(meter.requests() >= 5);
  });

  it('hands over /api/v1/telegram bytes exactly, each followed by a boundary', async () => {
    const telegram = fixture('basjes_dsmr50_1.txt');
    const meter = await p1Meter((request, response) => {
      assert.equal(request.url, '/api/v1/telegram');
      response.setHeader('content-type', 'text/plain');
      response.end(telegram);
    });
    const source = new HttpSource({ url: meter.base, pollMs: 5 });
    const recorder = new Recorder();
    source.start(recorder.listener);
    await recorder.until(() => meter.requests() >= 3, 'three polls');
    await source.stop();
    await meter.close();
    const kinds = recorder.events.filter((e) => e.type !== 'status').map((e) => e.type);
    assert.deepEqual(kinds, ['bytes', 'boundary']);
    assert.deepEqual(recorder.bytes, telegram);
  });

  it('restores the CRLF line ends a gateway stripped, so the CRC holds again', () => {
    const telegram = fixture('basjes_dsmr50_1.txt');
    const stripped = Buffer.from(telegram.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    assert.notDeepEqual(stripped, telegram);
    assert.deepEqual(restoreCrlf(stripped), telegram);
    assert.equal(restoreCrlf(telegram), telegram, 'a CRLF body is handed on as it is');
  });

  it('retries after a 500 and after a request that never answers', async () => {
    const meter = await p1Meter((_request, response, count) => {
      if (count === 0) {
        response.statusCode = 500;
        response.end('boom');
      } else if (count === 1) {
        // Never answers: the source's timeout must end the request.
      } else {
        response.end(JSON.stringify({ active_power_w: 42, active_power_l1_w: 42 }));
      }
    });
    const source = new HttpSource({
      url: `${meter.base}/api/v1/data`,
      pollMs: 5,
      timeoutMs: 100,
      backoff: FAST_BACKOFF,
      random: () => 0,
    });
    const recorder = new Recorder();
    source.start(recorder.listener);
    await recorder.until(() => readings(recorder).length === 1, 'a reading after two failures');
    await source.stop();
    await meter.close();
    const waits = recorder.statuses.flatMap((s) => (s.state === 'waiting' ? [s.error] : []));
    assert.deepEqual(waits, ['HTTP 500', 'no answer in 100 ms']);
    assert.equal(readings(recorder)[0]?.powerImportW, 42);
    assert.deepEqual(
      recorder.statuses.map((s) => s.state),
      ['connecting', 'waiting', 'waiting', 'connected', 'ended'],
    );
  });

  it('reports a refused connection by its code', async () => {
    const meter = await p1Meter(() => undefined);
    const url = meter.base;
    await meter.close();
    const source = new HttpSource({ url, pollMs: 5, backoff: FAST_BACKOFF });
    const recorder = new Recorder();
    source.start(recorder.listener);
    await recorder.until(() => recorder.statuses.some((s) => s.state === 'waiting'), 'a failure');
    await source.stop();
    const waiting = recorder.statuses.find((s) => s.state === 'waiting');
    assert.equal(waiting?.state === 'waiting' && waiting.error, 'ECONNREFUSED');
  });
});
