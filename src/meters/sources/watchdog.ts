// Notices when the meter falls silent. A reader that silently stops is the failure users hate most
// (Home Assistant dsmr); so after three periods without a telegram it says so, once per silence,
// and what it is waiting on, and says again when telegrams come back. Pure: time is passed in.
import type { SourceStatus } from './source.js';
import { dialectPeriodMs } from './pacing.js';

export interface WatchdogOptions {
  /** The period assumed until the meter's own timestamps or version tell (P1-FACTS §1). */
  defaultPeriodMs?: number;
  /** Silence longer than this many periods is reported. */
  silencePeriods?: number;
}

export type WatchdogNotice = { kind: 'silent' | 'recovered'; silentMs: number; periodMs: number };

/** Differences between consecutive telegram timestamps that can be a period (DSMR: 1 s or 10 s). */
const MIN_PERIOD_MS = 500;
const MAX_PERIOD_MS = 60_000;
const LEARN_FROM = 5;

export class Watchdog {
  #lastAt: number;
  #lastTimestampMs: number | null = null;
  #gapsMs: number[] = [];
  #versionPeriodMs: number | null = null;
  #silent = false;
  readonly #defaultPeriodMs: number;
  readonly #silencePeriods: number;

  constructor(startedAt: number, options: WatchdogOptions = {}) {
    this.#lastAt = startedAt;
    this.#defaultPeriodMs = options.defaultPeriodMs ?? 10_000;
    this.#silencePeriods = options.silencePeriods ?? 3;
  }

  /**
   * The period in force: learnt from the meter's own timestamps (the shortest recent gap, so a
   * missed telegram does not double it), else the dialect's, else the default.
   */
  get periodMs(): number {
    if (this.#gapsMs.length > 0) return Math.min(...this.#gapsMs);
    return this.#versionPeriodMs ?? this.#defaultPeriodMs;
  }

  /** Last telegram's arrival (or the start). */
  get lastTelegramAt(): number {
    return this.#lastAt;
  }

  /** A telegram arrived at `at`; returns a notice when it ends a reported silence. */
  telegram(at: number, reading: { timestamp: string | null; version: string | null }): WatchdogNotice | null {
    const silentMs = at - this.#lastAt;
    this.#lastAt = at;
    if (reading.version !== null) this.#versionPeriodMs = dialectPeriodMs(reading.version);
    const timestampMs = reading.timestamp === null ? Number.NaN : Date.parse(reading.timestamp);
    if (!Number.isNaN(timestampMs)) {
      const gapMs = this.#lastTimestampMs === null ? Number.NaN : timestampMs - this.#lastTimestampMs;
      if (gapMs >= MIN_PERIOD_MS && gapMs <= MAX_PERIOD_MS)
        this.#gapsMs = [...this.#gapsMs, gapMs].slice(-LEARN_FROM);
      this.#lastTimestampMs = timestampMs;
    }
    if (!this.#silent) return null;
    this.#silent = false;
    return { kind: 'recovered', silentMs, periodMs: this.periodMs };
  }

  /** Call now and then; returns a notice the first time a silence passes the limit. */
  check(now: number): WatchdogNotice | null {
    const silentMs = now - this.#lastAt;
    if (this.#silent || silentMs < this.#silencePeriods * this.periodMs) return null;
    this.#silent = true;
    return { kind: 'silent', silentMs, periodMs: this.periodMs };
  }
}

export interface SilenceContext {
  silentMs: number;
  source: string;
  status: SourceStatus;
  /** When the status was reported (for the time left until a retry). */
  statusAt: number;
  bytesSinceTelegram: number;
  /** Last telegram, or the start when there was none. */
  sinceAt: number;
  now: number;
}

/** "12:00:01", local time: what a person compares with the clock on the wall. */
export function clockTime(atMs: number): string {
  const at = new Date(atMs);
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

/** A status in a few words: "connected 115200 8N1", "not connected: ECONNREFUSED, retry in 4.2 s". */
export function describeStatus(status: SourceStatus, leftMs?: number): string {
  switch (status.state) {
    case 'connected':
      return status.detail ? `connected ${status.detail}` : 'connected';
    case 'connecting':
      return status.detail ? `connecting, ${status.detail}` : 'connecting';
    case 'waiting':
      return `not connected: ${status.error}, retry in ${seconds(leftMs ?? status.retryInMs)}`;
    case 'ended':
      return status.error ? `cannot read: ${status.error}` : 'input ended';
  }
}

/** What the reader is waiting on: the status, with the bytes seen and the time left to a retry. */
export function describeWait(context: Omit<SilenceContext, 'silentMs' | 'source'>): string {
  const { status } = context;
  if (status.state === 'connected') {
    return `${describeStatus(status)}, ${context.bytesSinceTelegram} bytes since ${clockTime(context.sinceAt)}`;
  }
  return describeStatus(
    status,
    status.state === 'waiting' ? status.retryInMs - (context.now - context.statusAt) : undefined,
  );
}

/** "no telegram for 31 s from tcp 127.0.0.1:2323 (connected, 0 bytes since 12:00:01)" */
export function describeSilence(context: SilenceContext): string {
  return `no telegram for ${seconds(context.silentMs)} from ${context.source} (${describeWait(context)})`;
}

/** "telegrams from tcp 127.0.0.1:2323 again after 45 s" */
export function describeRecovery(source: string, silentMs: number): string {
  return `telegrams from ${source} again after ${seconds(silentMs)}`;
}
