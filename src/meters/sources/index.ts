// The P1 transports' public surface: the CLI and the controller build a source from a small spec
// and hand it, with a decoder, to a P1Reader.
import type { P1Decoder } from '../dsmr/types.js';
import { FileSource } from './file.js';
import { HttpSource } from './http.js';
import { SerialSource } from './serial.js';
import type { ByteSource, Clock } from './source.js';
import { TcpSource } from './tcp.js';

export { Backoff, DEFAULT_BACKOFF, backoffDelayMs, type BackoffPolicy } from './backoff.js';
export { FileSource, paceRecording } from './file.js';
export { homeWizardDataToReading, HomeWizardDataError } from './homewizard.js';
export { HttpSource, resolveHttpEndpoint } from './http.js';
export { dialectPeriodMs, paceDelaysMs } from './pacing.js';
export { P1Reader, type P1ReaderEvent, type P1ReaderOptions } from './reader.js';
export { SerialSource, openSerialPort, type OpenSerial, type SerialLink } from './serial.js';
export { SERIAL_115200_8N1, SERIAL_9600_7E1, type SerialSettings } from './serial-detect.js';
export { systemClock, type ByteSource, type Clock, type SourceEvent, type SourceStatus } from './source.js';
export { TcpSource, type Dial } from './tcp.js';
export { Watchdog, type WatchdogOptions } from './watchdog.js';

export type SourceSpec =
  | { kind: 'serial'; path: string; baud?: number | 'auto' }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'http'; url: string }
  | { kind: 'file'; path: string; realtime?: boolean };

export interface SourceContext {
  /** A fresh decoder with the meter's options; file replay at meter pace needs one of its own. */
  createDecoder: () => P1Decoder;
  /** A decryption key is configured: the meter is a Smarty, always 115200 8N1 (P1-FACTS §1). */
  encrypted?: boolean;
  clock?: Clock;
}

export function createSource(spec: SourceSpec, context: SourceContext): ByteSource {
  const clock = context.clock ? { clock: context.clock } : {};
  switch (spec.kind) {
    case 'serial': {
      // Smarty ciphertext would look like a wrong baud rate to auto-detection.
      const baud = (spec.baud ?? 'auto') === 'auto' && context.encrypted ? 115200 : (spec.baud ?? 'auto');
      return new SerialSource({ path: spec.path, baud, ...clock });
    }
    case 'tcp':
      return new TcpSource({ host: spec.host, port: spec.port, ...clock });
    case 'http':
      return new HttpSource({ url: spec.url, ...clock });
    case 'file':
      return new FileSource({
        path: spec.path,
        realtime: spec.realtime ?? false,
        createDecoder: context.createDecoder,
        ...clock,
      });
  }
}
