// Time that moves only when a test says so. Sleepers wake in deadline order, and each wake-up gets
// a turn of the event loop, so the socket writes it triggers have left before advance() returns.

interface Sleeper {
  atMs: number;
  wake: () => void;
}

export class FakeClock {
  #nowMs: number;
  #sleepers: Sleeper[] = [];

  constructor(startMs = Date.parse('2025-06-01T10:00:00.000Z')) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const sleeper: Sleeper = {
        atMs: this.#nowMs + ms,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
    });
  }

  async advance(ms: number): Promise<void> {
    const targetMs = this.#nowMs + ms;
    for (;;) {
      const due = this.#sleepers.filter((s) => s.atMs <= targetMs).sort((a, b) => a.atMs - b.atMs)[0];
      if (!due) break;
      this.#sleepers = this.#sleepers.filter((s) => s !== due);
      this.#nowMs = Math.max(this.#nowMs, due.atMs);
      due.wake();
      await turn();
    }
    this.#nowMs = targetMs;
    await turn();
  }
}

/** One turn of the event loop: pending promise callbacks and setImmediate work have run. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
