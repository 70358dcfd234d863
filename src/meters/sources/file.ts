// A recorded P1 stream from a file: as fast as it can be read (default) or at the meter's pace
// (`realtime`), so that the controller, the watchdog and the dashboard can be tried on a recording.
// For the pace it must know where each telegram ends and what its timestamp says, so it runs a
// decoder of its own over the file first; the reader still decodes every byte itself.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { P1Decoder } from '../dsmr/types.js';
import { paceDelaysMs, type PacedFrame } from './pacing.js';
import { describeError, systemClock, type ByteSource, type Clock, type SourceListener } from './source.js';

export interface FileSourceOptions {
  path: string;
  /** Replay at the pace of the telegrams' timestamps (else the dialect's period). */
  realtime?: boolean;
  /** Needed for `realtime`: a decoder finds the telegrams and their timestamps. */
  createDecoder?: () => P1Decoder;
  clock?: Clock;
  /** Fast mode reads in chunks of this size, like a serial port would hand them over. */
  chunkBytes?: number;
}

/** One telegram-sized slice of the file and when to hand it over, relative to the previous one. */
export interface PacedChunk {
  bytes: Uint8Array;
  delayMs: number;
}

/** Cuts a recording after each decoded telegram and schedules the pieces at the meter's pace. */
export function paceRecording(data: Uint8Array, decoder: P1Decoder): PacedChunk[] {
  const ends: number[] = [];
  const frames: PacedFrame[] = [];
  for (const event of [...decoder.push(data), ...decoder.end()]) {
    if (event.type !== 'reading') continue;
    ends.push(event.offset + event.bytes);
    frames.push({ timestamp: event.reading.timestamp, version: event.reading.version });
  }
  const delays = paceDelaysMs(frames);
  const chunks: PacedChunk[] = [];
  let start = 0;
  ends.forEach((end, index) => {
    // Bytes before a telegram (noise, broken telegrams) travel with it.
    chunks.push({ bytes: data.subarray(start, end), delayMs: delays[index] ?? 0 });
    start = end;
  });
  if (start < data.length) chunks.push({ bytes: data.subarray(start), delayMs: 0 });
  return chunks;
}

export class FileSource implements ByteSource {
  readonly description: string;
  readonly #clock: Clock;
  readonly #stopping = new AbortController();
  #loop: Promise<void> | null = null;

  constructor(private readonly options: FileSourceOptions) {
    this.description = `file ${options.path}`;
    this.#clock = options.clock ?? systemClock;
    if (options.realtime && !options.createDecoder) {
      throw new Error(`${this.description}: realtime replay needs a decoder to find the telegrams`);
    }
  }

  start(listener: SourceListener): void {
    if (this.#loop) throw new Error(`${this.description}: already started`);
    this.#loop = this.#run(listener).then(
      () => listener({ type: 'status', status: { state: 'ended' } }),
      (error: unknown) =>
        listener({ type: 'status', status: { state: 'ended', error: describeError(error) } }),
    );
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#loop;
  }

  async #run(listener: SourceListener): Promise<void> {
    const signal = this.#stopping.signal;
    if (this.options.realtime && this.options.createDecoder) {
      const data = await readFile(this.options.path);
      listener({ type: 'status', status: { state: 'connected', detail: 'realtime' } });
      let dueAt = this.#clock.now();
      for (const chunk of paceRecording(data, this.options.createDecoder())) {
        // Against an absolute schedule, so that slow delivery does not add up into drift.
        dueAt += chunk.delayMs;
        await this.#clock.sleep(Math.max(0, dueAt - this.#clock.now()), signal);
        if (signal.aborted) return;
        listener({ type: 'bytes', chunk: chunk.bytes });
      }
      return;
    }
    const stream = createReadStream(this.options.path, {
      highWaterMark: this.options.chunkBytes ?? 64 * 1024,
    });
    const onAbort = (): void => {
      stream.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      let opened = false;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (!opened)
          listener({ type: 'status', status: { state: 'connected', detail: 'as fast as possible' } });
        opened = true;
        listener({ type: 'bytes', chunk });
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}
