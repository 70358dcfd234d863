// P1 over raw TCP: Wi-Fi/Ethernet P1 dongles and ser2net in raw mode. Reconnects forever with
// capped, jittered backoff; the backoff resets only once a telegram decoded, so a peer that
// accepts and drops at once still backs off.
import net from 'node:net';
import type { BackoffPolicy } from './backoff.js';
import { RetryingSource } from './retrying.js';
import { describeError, systemClock, type Clock, type SourceListener } from './source.js';

/** Opens a socket; the default is net.connect. Tests and proxies inject their own. */
export type Dial = (host: string, port: number) => net.Socket;

export interface TcpSourceOptions {
  host: string;
  port: number;
  dial?: Dial;
  clock?: Clock;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Give up a connect attempt after this long (a dongle that went off the network). */
  connectTimeoutMs?: number;
  /** TCP keepalive probes notice a peer that vanished without a FIN. */
  keepAliveMs?: number;
  /**
   * Reconnect when a connected peer sends nothing for this long: ESP dongles are known to keep
   * a socket open after their serial side stopped. 0 disables.
   */
  silenceReconnectMs?: number;
}

export class TcpSource extends RetryingSource {
  readonly description: string;
  readonly #dial: Dial;
  readonly #clock: Clock;
  #socket: net.Socket | null = null;

  constructor(private readonly options: TcpSourceOptions) {
    super(options.backoff, options.random);
    this.description = `tcp ${options.host}:${options.port}`;
    this.#dial = options.dial ?? ((host, port) => net.connect({ host, port }));
    this.#clock = options.clock ?? systemClock;
  }

  protected override onStop(): void {
    this.#socket?.destroy();
  }

  protected async run(listener: SourceListener): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      listener({ type: 'status', status: { state: 'connecting' } });
      const error = await this.#session(listener);
      if (signal.aborted) break;
      const retryInMs = this.backoff.next();
      listener({ type: 'status', status: { state: 'waiting', error, retryInMs } });
      await this.#clock.sleep(retryInMs, signal);
    }
    listener({ type: 'status', status: { state: 'ended' } });
  }

  /** One connection from dial to close; resolves with why it ended. */
  #session(listener: SourceListener): Promise<string> {
    const { connectTimeoutMs = 5_000, keepAliveMs = 10_000, silenceReconnectMs = 60_000 } = this.options;
    return new Promise<string>((resolve) => {
      const socket = this.#dial(this.options.host, this.options.port);
      this.#socket = socket;
      let reason = 'closed by peer';
      let connected = false;
      const connectTimer = setTimeout(() => {
        reason = `ETIMEDOUT (no connection after ${connectTimeoutMs} ms)`;
        socket.destroy();
      }, connectTimeoutMs);
      socket.once('connect', () => {
        connected = true;
        clearTimeout(connectTimer);
        socket.setKeepAlive(true, keepAliveMs);
        socket.setNoDelay(true);
        if (silenceReconnectMs > 0) socket.setTimeout(silenceReconnectMs);
        listener({ type: 'status', status: { state: 'connected' } });
      });
      socket.on('timeout', () => {
        reason = `no data for ${silenceReconnectMs} ms`;
        socket.destroy();
      });
      socket.on('data', (chunk: Buffer) => listener({ type: 'bytes', chunk }));
      socket.on('error', (error) => {
        reason = describeError(error);
      });
      socket.once('close', () => {
        clearTimeout(connectTimer);
        this.#socket = null;
        resolve(connected || reason !== 'closed by peer' ? reason : 'closed before connecting');
      });
    });
  }
}
