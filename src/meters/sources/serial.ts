// P1 on a serial port (USB P1 cable, /dev/ttyUSB0, or a ser2net-free Raspberry Pi UART) through
// the `serialport` package. With `baud: 'auto'` it finds the line settings itself: 115200 8N1
// first, then 9600 7E1, cycling until the bytes look like a telegram (serial-detect.ts). Errors
// and unplugging close the port; it is reopened with backoff, keeping the settings that worked.
import type { BackoffPolicy } from './backoff.js';
import { RetryingSource } from './retrying.js';
import {
  AUTO_SERIAL_CYCLE,
  LineSniffer,
  describeSettings,
  settingsForBaud,
  type SerialSettings,
} from './serial-detect.js';
import { describeError, systemClock, type Clock, type SourceListener } from './source.js';

/** The little of a serial port the source needs; `openSerial` makes one. */
export interface SerialLink {
  onData(listener: (chunk: Uint8Array) => void): void;
  /** Called once when the port closes by itself (unplugged, I/O error), with the reason. */
  onClose(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

export type OpenSerial = (path: string, settings: SerialSettings) => Promise<SerialLink>;

export interface SerialSourceOptions {
  path: string;
  /** A fixed rate (9600 means 7E1, others 8N1) or 'auto' (default). */
  baud?: number | 'auto';
  openSerial?: OpenSerial;
  clock?: Clock;
  backoff?: BackoffPolicy;
  random?: () => number;
  /**
   * Auto mode: how long one setting may stay without telegram evidence before the next is tried.
   * DSMR 2.2 to 4.x send every 10 s (P1-FACTS §1) and we may open mid-telegram, hence 12 s.
   */
  detectWindowMs?: number;
}

/**
 * Opens a real port. `serialport` (a native addon) is loaded on first use only, so a controller
 * reading a TCP or HTTP meter never pays for it (about 7 MB of RSS).
 */
export const openSerialPort: OpenSerial = async (path, settings) => {
  const { SerialPort } = await import('serialport');
  return new Promise<SerialLink>((resolve, reject) => {
    const port = new SerialPort({ path, ...settings, autoOpen: false });
    port.open((error) => {
      if (error) return reject(error);
      let closeListener: ((reason: string) => void) | null = null;
      let closing = false;
      const fail = (reason: string): void => {
        const listener = closeListener;
        closeListener = null;
        listener?.(reason);
      };
      port.on('error', (err: Error) => {
        fail(describeError(err));
        if (port.isOpen) port.close(() => undefined);
      });
      // serialport passes an error with `disconnected: true` when the device went away.
      port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
        if (!closing) fail(err?.disconnected ? 'disconnected' : err ? describeError(err) : 'closed');
      });
      resolve({
        onData: (listener) => port.on('data', listener),
        onClose: (listener) => {
          closeListener = listener;
        },
        close: () =>
          new Promise<void>((done) => {
            closing = true;
            if (!port.isOpen) return done();
            port.close(() => done());
          }),
      });
    });
  });
};

type SessionEnd = { kind: 'failed'; reason: string } | { kind: 'switch'; why: string } | { kind: 'stopped' };

export class SerialSource extends RetryingSource {
  readonly description: string;
  readonly #auto: boolean;
  readonly #cycle: readonly SerialSettings[];
  #index = 0;
  /** Auto mode: telegram evidence seen on the current settings; keep them across reopens. */
  #locked = false;
  readonly #clock: Clock;
  readonly #openSerial: OpenSerial;

  constructor(private readonly options: SerialSourceOptions) {
    super(options.backoff, options.random);
    this.description = `serial ${options.path}`;
    const baud = options.baud ?? 'auto';
    this.#auto = baud === 'auto';
    this.#cycle = baud === 'auto' ? AUTO_SERIAL_CYCLE : [settingsForBaud(baud)];
    this.#clock = options.clock ?? systemClock;
    this.#openSerial = options.openSerial ?? openSerialPort;
  }

  /** The settings in use (or about to be tried). */
  get settings(): SerialSettings {
    return this.#cycle[this.#index] ?? this.#cycle[0]!;
  }

  protected async run(listener: SourceListener): Promise<void> {
    const signal = this.stopping.signal;
    let note: string | undefined;
    while (!signal.aborted) {
      const detail = `${describeSettings(this.settings)}${note ? ` (${note})` : ''}`;
      listener({ type: 'status', status: { state: 'connecting', detail } });
      note = undefined;
      let link: SerialLink;
      try {
        link = await this.#openSerial(this.options.path, this.settings);
      } catch (error) {
        await this.#wait(listener, describeError(error));
        continue;
      }
      const end = await this.#session(link, listener);
      await link.close();
      if (end.kind === 'switch') {
        note = end.why;
        this.#index = (this.#index + 1) % this.#cycle.length;
        this.#locked = false;
      } else if (end.kind === 'failed') {
        await this.#wait(listener, end.reason);
      }
    }
    listener({ type: 'status', status: { state: 'ended' } });
  }

  async #wait(listener: SourceListener, error: string): Promise<void> {
    if (this.stopping.signal.aborted) return;
    const retryInMs = this.backoff.next();
    listener({ type: 'status', status: { state: 'waiting', error, retryInMs } });
    await this.#clock.sleep(retryInMs, this.stopping.signal);
  }

  /** Reads from one open port until it fails, the settings look wrong, or the source stops. */
  #session(link: SerialLink, listener: SourceListener): Promise<SessionEnd> {
    const settings = describeSettings(this.settings);
    const detecting = this.#auto && this.#cycle.length > 1;
    const { detectWindowMs = 12_000 } = this.options;
    return new Promise<SessionEnd>((resolve) => {
      const sniffer = new LineSniffer();
      let windowTimer: NodeJS.Timeout | undefined;
      let done = false;
      const finish = (end: SessionEnd): void => {
        if (done) return;
        done = true;
        clearTimeout(windowTimer);
        this.stopping.signal.removeEventListener('abort', onStop);
        resolve(end);
      };
      const onStop = (): void => finish({ kind: 'stopped' });
      this.stopping.signal.addEventListener('abort', onStop, { once: true });
      if (detecting && !this.#locked) {
        windowTimer = setTimeout(
          () => finish({ kind: 'switch', why: `no telegram in ${detectWindowMs} ms at ${settings}` }),
          detectWindowMs,
        );
      }
      link.onClose((reason) => finish({ kind: 'failed', reason }));
      link.onData((chunk) => {
        if (done) return;
        listener({ type: 'bytes', chunk });
        if (!detecting) return;
        const verdict = sniffer.feed(chunk);
        if (verdict === 'telegram' && !this.#locked) {
          this.#locked = true;
          clearTimeout(windowTimer);
          listener({ type: 'status', status: { state: 'connected', detail: `${settings}, detected` } });
        } else if (verdict === 'garbage') {
          finish({ kind: 'switch', why: `bytes at ${settings} are not telegram text` });
        }
      });
      const mode = detecting ? (this.#locked ? `${settings}, detected` : `${settings}, trying`) : settings;
      listener({ type: 'status', status: { state: 'connected', detail: mode } });
    });
  }
}
