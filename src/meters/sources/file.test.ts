import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createP1Decoder } from '../dsmr/decoder.js';
import { FileSource, paceRecording } from './file.js';
import { Recorder, fixture, fixturePath } from './test-helpers.js';

describe('file source', () => {
  it('hands over every byte in order, then ends', async () => {
    const source = new FileSource({ path: fixturePath('basjes_stream_dsmr50_566.txt'), chunkBytes: 1000 });
    const recorder = new Recorder();
    source.start(recorder.listener);
    await recorder.until(() => recorder.statuses.some((s) => s.state === 'ended'), 'the end');
    assert.deepEqual(recorder.bytes, fixture('basjes_stream_dsmr50_566.txt'));
    assert.ok(recorder.events.filter((e) => e.type === 'bytes').length > 400, 'in chunks');
    assert.deepEqual(recorder.statuses.at(-1), { state: 'ended' });
  });

  it('cuts a recording after each telegram, keeping every byte', () => {
    const data = Buffer.concat([fixture('basjes_stream_dsmr50_2.txt'), Buffer.from('trailing noise')]);
    const chunks = paceRecording(data, createP1Decoder({}));
    assert.deepEqual(Buffer.concat(chunks.map((c) => c.bytes)), data);
    // The broken telegram rides with the good one after it; the noise comes last, at once.
    assert.equal(chunks.length, 2);
    assert.equal(chunks[1]?.delayMs, 0);
  });

  it('waits between telegrams by their timestamps and can be stopped mid-way', async () => {
    let nowMs = 0;
    const sleeps: number[] = [];
    let release: (() => void) | null = null;
    const clock = {
      now: () => nowMs,
      sleep: (ms: number, signal?: AbortSignal) => {
        sleeps.push(ms);
        nowMs += ms;
        if (sleeps.length < 3) return Promise.resolve();
        return new Promise<void>((resolve) => {
          release = resolve;
          signal?.addEventListener('abort', () => resolve(), { once: true });
        });
      },
    };
    const source = new FileSource({
      path: fixturePath('basjes_stream_dsmr50_566.txt'),
      realtime: true,
      clock,
      createDecoder: () => createP1Decoder({}),
    });
    const recorder = new Recorder();
    source.start(recorder.listener);
    await recorder.until(() => release !== null, 'the third wait');
    await source.stop();
    assert.deepEqual(sleeps, [0, 1000, 1000]);
    assert.equal(recorder.events.filter((e) => e.type === 'bytes').length, 2);
    assert.equal(recorder.statuses.at(-1)?.state, 'ended');
  });

  it('needs a decoder for realtime replay', () => {
    assert.throws(() => new FileSource({ path: 'x', realtime: true }), /needs a decoder/);
  });
});
