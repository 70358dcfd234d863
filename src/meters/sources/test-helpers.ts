// Small helpers shared by this folder's tests: fixtures, and collecting what a source says.
import { readFileSync } from 'node:fs';
import type { SourceEvent, SourceStatus } from './source.js';

const FIXTURES = new URL('../../../../shared/fixtures/telegrams/', import.meta.url);

export function fixturePath(name: string): string {
  return new URL(name, FIXTURES).pathname;
}

export function fixture(name: string): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}

/** Records a source's events and lets a test wait for a condition on them. */
export class Recorder {
  readonly events: SourceEvent[] = [];
  #waiters: { test: () => boolean; resolve: () => void }[] = [];

  readonly listener = (event: SourceEvent): void => {
    this.events.push(event);
    this.#waiters = this.#waiters.filter((waiter) => {
      if (!waiter.test()) return true;
      waiter.resolve();
      return false;
    });
  };

  get bytes(): Buffer {
    return Buffer.concat(this.events.flatMap((e) => (e.type === 'bytes' ? [e.chunk] : [])));
  }

  get statuses(): SourceStatus[] {
    return this.events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
  }

  /** Resolves when `test` holds (checked on each event and every few ms); rejects after `timeoutMs`. */
  until(test: () => boolean, what: string, timeoutMs = 2_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const poll = setInterval(check, 5);
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}; statuses: ${JSON.stringify(this.statuses)}`));
      }, timeoutMs);
      const waiter = { test, resolve: done };
      function done(): void {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
      function check(): void {
        if (test()) done();
      }
      this.#waiters.push(waiter);
    });
  }
}

/** Short retry delays so reconnect tests take milliseconds. */
export const FAST_BACKOFF = { initialMs: 10, maxMs: 40, factor: 2, floorMs: 5 };
