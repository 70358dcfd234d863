// The demo house's smart meter as a P1 source: at the start of every second it measures the house
// and writes one real DSMR 5 telegram (src/meters/dsmr/writer.ts: the Iskra AM550 layout, with its
// CRC16), exactly the bytes a P1 cable would carry. It implements the same ByteSource as the
// serial, TCP and HTTP sources, so the controller's reader and decoder take it unchanged.
//
// Registers: import and export energy are integrated per second, on tariff 1 (low: nights and
// weekends) or 2 (normal: weekdays 07:00–23:00 local), as Dutch meters count them.
import { writeTelegram } from '../../meters/dsmr/index.js';
import type { ByteSource } from '../../meters/sources/index.js';
import type { SourceListener } from '../../meters/sources/source.js';
import type { Clock } from '../../model/clock.js';
import { localTime } from '../../model/local-time.js';
import type { PhaseValues } from '../../model/units.js';

export interface LiveMeterOptions {
  clock: Clock;
  /** Net active power per site phase at `nowMs`, import positive, W. */
  measure(nowMs: number): PhaseValues;
  voltageV: number;
  timezone: string;
  /** DSMR 5: one telegram a second. */
  periodMs?: number;
  /** The first telegram waits for this (the demo: until its stations are on line). */
  startAfter?: Promise<unknown>;
}

export class LiveMeter implements ByteSource {
  readonly description = 'simulated DSMR 5 meter (one telegram a second)';
  readonly #o: LiveMeterOptions;
  readonly #stopping = new AbortController();
  #loop: Promise<void> | null = null;
  #importKWh = { t1: 8123.456, t2: 6789.012 };
  #exportKWh = { t1: 1234.567, t2: 2345.678 };
  #lastMs: number | null = null;
  #telegrams = 0;

  constructor(options: LiveMeterOptions) {
    this.#o = options;
  }

  /** How many telegrams it has written. */
  get telegrams(): number {
    return this.#telegrams;
  }

  start(listener: SourceListener): void {
    if (this.#loop) throw new Error(`${this.description}: already started`);
    this.#loop = this.#run(listener);
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#loop;
  }

  /** The telegram for `nowMs` (advances the energy registers from the previous one). */
  telegram(nowMs: number): Buffer {
    const { voltageV, timezone } = this.#o;
    const netW = this.#o.measure(nowMs);
    const totalW = netW[0] + netW[1] + netW[2];
    const hours = this.#lastMs === null ? 0 : Math.max(0, nowMs - this.#lastMs) / 3_600_000;
    this.#lastMs = nowMs;
    const local = localTime(nowMs, timezone);
    const normal = local.weekdayIndex >= 1 && local.weekdayIndex <= 5 && local.hour >= 7 && local.hour < 23;
    const register = normal ? 't2' : 't1';
    if (totalW > 0) this.#importKWh[register] += (totalW / 1000) * hours;
    else this.#exportKWh[register] -= (totalW / 1000) * hours;
    return writeTelegram({
      time: new Date(Math.floor(nowMs / 1000) * 1000),
      tariff: normal ? 2 : 1,
      energyImportKWh: { ...this.#importKWh },
      energyExportKWh: { ...this.#exportKWh },
      phases: netW.map((w) => ({ powerImportW: Math.max(0, w), powerExportW: Math.max(0, -w), voltageV })),
    });
  }

  async #run(listener: SourceListener): Promise<void> {
    const { clock } = this.#o;
    const signal = this.#stopping.signal;
    const periodMs = this.#o.periodMs ?? 1000;
    if (this.#o.startAfter) {
      await Promise.race([
        this.#o.startAfter,
        new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true })),
      ]);
    }
    listener({ type: 'status', status: { state: 'connected', detail: 'simulated' } });
    // At the start of each period, as a meter's clock ticks; never twice in one period.
    let nextMs = (Math.floor(clock.now() / periodMs) + 1) * periodMs;
    while (!signal.aborted) {
      await clock.sleep(Math.max(0, nextMs - clock.now()), signal);
      if (signal.aborted) break;
      const nowMs = clock.now();
      if (nowMs < nextMs) continue;
      listener({ type: 'bytes', chunk: this.telegram(nowMs) });
      this.#telegrams += 1;
      nextMs = Math.max(nextMs + periodMs, (Math.floor(nowMs / periodMs) + 1) * periodMs);
    }
    listener({ type: 'status', status: { state: 'ended' } });
  }
}
