// Serial line settings per DSMR version and the sniffer that tells, from the bytes alone, whether
// the port is set right. P1-FACTS §1: DSMR 4.x/5.0, e-MUCS and Smarty send 115200 8N1 (DSMR 4.2.2
// and 5.0.2 §6.1); DSMR 2.2/3.0 send 9600 7E1 (DSMR 3.0 §5.1, IEC 62056-21 mode D).

export interface SerialSettings {
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even';
  stopBits: 1;
}

export const SERIAL_115200_8N1: SerialSettings = {
  baudRate: 115200,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
};
export const SERIAL_9600_7E1: SerialSettings = { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 };

/** Auto-detection tries these in turn, newest meters first. */
export const AUTO_SERIAL_CYCLE: readonly SerialSettings[] = [SERIAL_115200_8N1, SERIAL_9600_7E1];

/** The settings a fixed baud rate implies: 9600 is the old 7E1 line, anything else 8N1. */
export function settingsForBaud(baudRate: number): SerialSettings {
  return baudRate === 9600 ? SERIAL_9600_7E1 : { ...SERIAL_115200_8N1, baudRate };
}

/** "115200 8N1", "9600 7E1". */
export function describeSettings(settings: SerialSettings): string {
  const parity = settings.parity === 'none' ? 'N' : 'E';
  return `${settings.baudRate} ${settings.dataBits}${parity}${settings.stopBits}`;
}

export type LineVerdict = 'telegram' | 'garbage' | 'unknown';

/** Bytes looked at before calling a line garbage; short bursts of noise decide nothing. */
const SAMPLE_BYTES = 64;
/** A telegram is pure text; a wrong baud rate or framing makes many bytes non-text. */
const GARBAGE_SHARE = 0.1;
/** The tail kept so that a header split over two chunks is still seen. */
const TAIL_CHARS = 16;

/** Telegram evidence in text: a header "/XXX5" (P1-FACTS §3), or a "!" line with or without CRC. */
const TEXT_EVIDENCE = /\/[A-Za-z]{3}5|\r\n![0-9A-Fa-f]{0,4}\r\n/;

/** The start of a Smarty frame: 0xDB 0x08, 8 bytes system title, 0x82 (Smarty P1 v1.1.3 §3.2.5). */
function hasSmartyStart(text: string): boolean {
  for (let at = text.indexOf('\xdb\x08'); at >= 0; at = text.indexOf('\xdb\x08', at + 1)) {
    if (text.charCodeAt(at + 10) === 0x82) return true;
  }
  return false;
}

function isText(byte: number): boolean {
  return (byte >= 0x20 && byte <= 0x7e) || byte === 0x0d || byte === 0x0a || byte === 0x09;
}

/**
 * Watches the bytes of one port setting. It answers "telegram" as soon as a telegram's shape
 * appears, "garbage" when enough bytes arrived and too many of them cannot be telegram text, and
 * "unknown" otherwise (silence is the caller's business: a window timer).
 */
export class LineSniffer {
  #tail = '';
  #sampled = 0;
  #nonText = 0;

  feed(chunk: Uint8Array): LineVerdict {
    const text =
      this.#tail + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    if (TEXT_EVIDENCE.test(text) || hasSmartyStart(text)) {
      this.reset();
      return 'telegram';
    }
    this.#tail = text.slice(-TAIL_CHARS);
    for (const byte of chunk) {
      this.#sampled += 1;
      if (!isText(byte)) this.#nonText += 1;
    }
    if (this.#sampled >= SAMPLE_BYTES && this.#nonText / this.#sampled > GARBAGE_SHARE) return 'garbage';
    return 'unknown';
  }

  reset(): void {
    this.#tail = '';
    this.#sampled = 0;
    this.#nonText = 0;
  }
}
