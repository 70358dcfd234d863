// The P1 decoder (types.ts): framer + CRC + parser + Smarty decryption behind push/idle/end.
// Policy on what becomes a Reading:
// - "!" + 1–4 hex digits: the CRC must match (CRC-16/ARC over "/" … "!"), else a `crc` error;
//   lenient mode turns that into a Reading with crc "invalid".
// - "!" without digits: crc "absent" (DSMR 2.2/3.0, EasyMeter, ACE4000) — unless the stream has
//   already carried a valid CRC, or the telegram declares DSMR ≥ 4.0 / e-MUCS (1-3:0.2.8 ≥ 40,
//   0-0:96.1.4): those meters always send one, so its loss is damage, a `crc` error (lenient: "absent").
// - no "!" at all (cut by the next "/", a quiet line or the end of input): a Reading only for an
//   Iskra MT382-style telegram: no CRC seen in this stream, no CRC-dialect declaration, at least
//   one object, every line whole and well-formed. Anything else is `truncated`.
import type { CrcStatus } from '../../model/reading.js';
import { crc16, formatCrc, hexDigit, readCrc } from './crc.js';
import { Framer, type CutCause, type FramerSink } from './framer.js';
import { decryptFrame } from './smarty.js';
import { lineAt, parseTelegram } from './telegram.js';
import {
  P1_ERROR_KINDS,
  P1Error,
  type DecodeEvent,
  type P1Counters,
  type P1Decoder,
  type P1DecoderOptions,
  type P1ErrorKind,
} from './types.js';

const DEFAULT_MAX_TELEGRAM_BYTES = 16 * 1024;
/** How a decoder bug (an exception caught inside push/idle/end) is reported. */
export const INTERNAL_ERROR = 'internal decoder error';
const LF = 0x0a;
const CR = 0x0d;

class Decoder implements P1Decoder, FramerSink {
  readonly counters: P1Counters = {
    good: 0,
    bad: 0,
    byKind: Object.fromEntries(P1_ERROR_KINDS.map((k) => [k, 0])) as Record<P1ErrorKind, number>,
    skippedBytes: 0,
    totalBytes: 0,
  };
  private events: DecodeEvent[] = [];
  private sawCrc = false;
  private framer: Framer;
  /** Bytes skipped by framers replaced after an internal error. */
  private skippedBefore = 0;
  private readonly lenient: boolean;
  private readonly maxBytes: number;

  constructor(private readonly options: P1DecoderOptions) {
    if (options.key !== undefined && options.key.length !== 16) {
      throw new RangeError(`P1 decryption key must be 16 bytes (32 hex digits), got ${options.key.length}`);
    }
    this.lenient = options.lenient ?? false;
    this.maxBytes = options.maxTelegramBytes ?? DEFAULT_MAX_TELEGRAM_BYTES;
    this.framer = new Framer(this, this.maxBytes);
  }

  push(chunk: Uint8Array): DecodeEvent[] {
    this.counters.totalBytes += chunk.length;
    return this.feed(chunk, null);
  }

  idle(): DecodeEvent[] {
    return this.feed(null, 'idle');
  }

  end(): DecodeEvent[] {
    return this.feed(null, 'end');
  }

  private feed(chunk: Uint8Array | null, flush: CutCause | null): DecodeEvent[] {
    this.events = [];
    try {
      if (chunk !== null) this.framer.push(chunk);
      if (flush !== null) this.framer.flush(flush);
    } catch (err) {
      // A bug, not bad input. The stream must go on (a meter reader never dies): report it, drop
      // what was pending and start afresh. The fuzz script and tests count these as failures.
      this.error(
        'syntax',
        `${INTERNAL_ERROR}: ${(err as Error).stack ?? String(err)}`,
        this.counters.totalBytes,
      );
      this.skippedBefore += this.framer.skippedBytes;
      this.framer = new Framer(this, this.maxBytes);
    }
    this.counters.skippedBytes = this.skippedBefore + this.framer.skippedBytes;
    return this.events;
  }

  private error(kind: P1ErrorKind, message: string, offset: number, line: number | null = null): void {
    this.counters.bad++;
    this.counters.byKind[kind]++;
    this.events.push({ type: 'error', error: new P1Error(kind, message, offset, line) });
  }

  telegram(
    b: Uint8Array,
    start: number,
    bang: number,
    crcEnd: number,
    offset: number,
    bytes = crcEnd - start,
  ): void {
    let crc: CrcStatus = 'absent';
    if (crcEnd > bang + 1) {
      const sent = readCrc(b, bang + 1, crcEnd);
      const computed = crc16(b, start, bang + 1);
      if (sent === computed) crc = 'valid';
      else if (this.lenient) crc = 'invalid';
      else {
        const printed = String.fromCharCode(...b.subarray(bang + 1, crcEnd));
        this.error(
          'crc',
          `CRC ${printed} does not match ${formatCrc(computed)}`,
          offset,
          lineAt(b, start, bang),
        );
        return;
      }
    }
    const parsed = parseTelegram(b, start, bang, crc);
    if (!parsed.ok) {
      this.error('syntax', parsed.message, offset, parsed.line);
      return;
    }
    if (crc === 'absent' && (this.sawCrc || parsed.declaresCrc) && !this.lenient) {
      const why = this.sawCrc ? 'earlier telegrams on this line had one' : 'its version always sends one';
      this.error('crc', `no CRC after "!", but ${why}`, offset, lineAt(b, start, bang));
      return;
    }
    if (crc === 'valid') this.sawCrc = true;
    this.counters.good++;
    this.events.push({ type: 'reading', reading: parsed.reading, offset, bytes });
  }

  unterminated(b: Uint8Array, start: number, end: number, offset: number, cause: CutCause): void {
    if (!this.sawCrc) {
      const parsed = parseTelegram(b, start, end, 'absent');
      if (parsed.ok && parsed.complete && parsed.objects > 0 && !parsed.declaresCrc) {
        this.counters.good++;
        this.events.push({ type: 'reading', reading: parsed.reading, offset, bytes: end - start });
        return;
      }
    }
    const by =
      cause === 'next' ? 'the next telegram' : cause === 'idle' ? 'a quiet line' : 'the end of input';
    let last = end;
    while (last > start && (b[last - 1] === LF || b[last - 1] === CR)) last--;
    this.error('truncated', `telegram cut short by ${by}, with no "!" line`, offset, lineAt(b, start, last));
  }

  encrypted(b: Uint8Array, start: number, end: number, offset: number): boolean {
    const key = this.options.key;
    if (key === undefined) {
      this.error('decrypt', 'encrypted (Smarty) frame, but no key was given', offset);
      return true;
    }
    const result = decryptFrame(b, start, end, key, this.options.authKey);
    if (!result.ok) {
      this.error('decrypt', result.message, offset);
      return false;
    }
    // The plaintext is one ordinary telegram with its own CRC (Smarty P1 spec §3.2.5).
    const text = result.plaintext;
    const slash = text.indexOf(0x2f);
    let bang = text.lastIndexOf(0x21);
    while (bang > 0 && text[bang - 1] !== LF && text[bang - 1] !== CR)
      bang = text.lastIndexOf(0x21, bang - 1);
    if (slash < 0 || bang <= slash) {
      this.error('syntax', 'decrypted frame holds no "/" … "!" telegram', offset);
      return true;
    }
    let crcEnd = bang + 1;
    while (crcEnd < text.length && crcEnd - bang <= 4 && hexDigit(text[crcEnd]!) >= 0) crcEnd++;
    this.telegram(text, slash, bang, crcEnd, offset, end - start);
    return true;
  }

  oversize(offset: number, bytes: number): void {
    this.error('oversize', `telegram of ${bytes}+ bytes exceeds the ${this.maxBytes}-byte limit`, offset);
  }

  frameCut(offset: number, bytes: number): void {
    this.error('truncated', `encrypted frame cut short after ${bytes} bytes`, offset);
  }
}

/** A streaming P1 decoder: push bytes in any chunking, get Readings and typed errors in stream order. */
export function createP1Decoder(options: P1DecoderOptions = {}): P1Decoder {
  return new Decoder(options);
}
