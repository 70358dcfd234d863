// P1 meters behind HTTP, polled: HomeWizard's local API v1 `/api/v1/telegram` (the last valid raw
// telegram, text) and `/api/v1/data` (JSON it parsed itself). The dongle always answers with its
// latest telegram, so a body equal to the previous one is not a new telegram: it is dropped,
// which also lets the watchdog see a dongle that still answers while its meter went quiet.
import type { BackoffPolicy } from './backoff.js';
import { RetryingSource } from './retrying.js';
import { homeWizardDataToReading } from './homewizard.js';
import { describeError, systemClock, type Clock, type SourceListener } from './source.js';

/** LF → CRLF where a CR is missing; a body that already has CRLF comes back unchanged. */
export function restoreCrlf(body: Buffer): Buffer {
  const text = body.toString('latin1');
  if (!/(^|[^\r])\n/.test(text)) return body;
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'latin1');
}

export type HttpEndpointKind = 'telegram' | 'data';

export interface HttpEndpoint {
  url: string;
  kind: HttpEndpointKind;
}

/**
 * `http://host` alone means HomeWizard's raw telegram (richer than /data: separate import and
 * export per phase, and our own CRC check). A path ending in /api/v1/data is the JSON API; any
 * other path is taken to serve raw telegram text.
 */
export function resolveHttpEndpoint(url: string): HttpEndpoint {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`${url}: only http: and https: URLs can be polled`);
  }
  if (parsed.pathname === '/' || parsed.pathname === '') {
    parsed.pathname = '/api/v1/telegram';
    return { url: parsed.href, kind: 'telegram' };
  }
  return { url: parsed.href, kind: /\/api\/v1\/data\/?$/.test(parsed.pathname) ? 'data' : 'telegram' };
}

export interface HttpSourceOptions {
  url: string;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  /** Time between the starts of two polls; HomeWizard advises no more often than 500 ms. */
  pollMs?: number;
  /** A request that has not answered by then is a failure (AbortSignal.timeout). */
  timeoutMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
}

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
    this.name = 'HttpStatusError';
  }
}

export class HttpSource extends RetryingSource {
  readonly description: string;
  readonly endpoint: HttpEndpoint;
  readonly #fetch: typeof globalThis.fetch;
  readonly #clock: Clock;

  constructor(private readonly options: HttpSourceOptions) {
    super(options.backoff, options.random);
    this.endpoint = resolveHttpEndpoint(options.url);
    this.description = `http ${this.endpoint.url}`;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#clock = options.clock ?? systemClock;
  }

  protected async run(listener: SourceListener): Promise<void> {
    const { pollMs = 1_000, timeoutMs = 3_000 } = this.options;
    const signal = this.stopping.signal;
    let connected = false;
    let previous: Buffer | null = null;
    listener({ type: 'status', status: { state: 'connecting' } });
    while (!signal.aborted) {
      const startedAt = this.#clock.now();
      try {
        const body = await this.#get(timeoutMs);
        if (!connected)
          listener({ type: 'status', status: { state: 'connected', detail: this.endpoint.kind } });
        connected = true;
        this.backoff.reset();
        if (previous === null || !body.equals(previous)) {
          previous = body;
          this.#deliver(body, listener);
        }
        await this.#clock.sleep(Math.max(0, pollMs - (this.#clock.now() - startedAt)), signal);
      } catch (error) {
        if (signal.aborted) break;
        connected = false;
        const reason =
          error instanceof Error && error.name === 'TimeoutError'
            ? `no answer in ${timeoutMs} ms`
            : describeError(error);
        const retryInMs = Math.max(pollMs, this.backoff.next());
        listener({ type: 'status', status: { state: 'waiting', error: reason, retryInMs } });
        await this.#clock.sleep(retryInMs, signal);
      }
    }
    listener({ type: 'status', status: { state: 'ended' } });
  }

  async #get(timeoutMs: number): Promise<Buffer> {
    const signal = AbortSignal.any([this.stopping.signal, AbortSignal.timeout(timeoutMs)]);
    const response = await this.#fetch(this.endpoint.url, { signal, headers: { accept: '*/*' } });
    if (!response.ok) {
      await response.body?.cancel();
      throw new HttpStatusError(response.status);
    }
    return Buffer.from(await response.arrayBuffer());
  }

  #deliver(body: Buffer, listener: SourceListener): void {
    if (this.endpoint.kind === 'telegram') {
      // Bytes as received: the CRC covers the exact text, so no re-encoding on the way — except
      // line ends: the meter sends CRLF and the CRC covers it, but a gateway that hands the text
      // on with bare LFs (P1-FACTS §7.6) would fail every CRC, so CRLF is restored.
      listener({ type: 'bytes', chunk: restoreCrlf(body) });
      listener({ type: 'boundary' });
      return;
    }
    // A JSON body that does not parse, or is not a P1 meter's, fails this poll like a 500 would.
    listener({
      type: 'reading',
      reading: homeWizardDataToReading(JSON.parse(body.toString('utf8')), this.endpoint.url),
    });
  }
}
