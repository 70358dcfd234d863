// The contract between the P1 decoder (framer + parser + Smarty decryption) and whatever feeds
// it bytes (serial, TCP, HTTP, file, simulator). Sources only ever call push/idle/end.
import type { Reading } from '../../model/reading.js';

export type P1ErrorKind = 'crc' | 'syntax' | 'truncated' | 'oversize' | 'decrypt';
export const P1_ERROR_KINDS: readonly P1ErrorKind[] = ['crc', 'syntax', 'truncated', 'oversize', 'decrypt'];

/** A telegram that could not become a Reading, with where it sat in the byte stream. */
export class P1Error extends Error {
  constructor(
    readonly kind: P1ErrorKind,
    message: string,
    /** Byte offset of the telegram's first byte (its "/" or the Smarty frame's 0xDB) in the stream. */
    readonly offset: number,
    /** 1-based line inside the telegram where the problem is, when there is one. */
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'P1Error';
  }
}

export interface P1DecoderOptions {
  /** AES-128 key for Luxembourg Smarty (and Austrian) encrypted frames. */
  key?: Uint8Array;
  /** DLMS authentication key for the GCM AAD; default the fixed Smarty one (00112233…EEFF).
   * Austrian T210-D-r meters come with their own. */
  authKey?: Uint8Array;
  /** Accept telegrams whose CRC does not match, as Readings with crc "invalid". */
  lenient?: boolean;
  /** A telegram longer than this is an `oversize` error (default 16 KiB; real ones reach 2.3 kB). */
  maxTelegramBytes?: number;
}

export type DecodeEvent =
  { type: 'reading'; reading: Reading; offset: number; bytes: number } | { type: 'error'; error: P1Error };

export interface P1Counters {
  good: number;
  bad: number;
  byKind: Record<P1ErrorKind, number>;
  /** Bytes seen that were not part of any telegram (line noise, partial telegrams). */
  skippedBytes: number;
  totalBytes: number;
}

/** Streaming: bytes in any chunking in, events out in stream order. Never throws. */
export interface P1Decoder {
  push(chunk: Uint8Array): DecodeEvent[];
  /** The line has been quiet: a telegram without a "!" line (Iskra MT382) ends here. */
  idle(): DecodeEvent[];
  /** End of input: whatever is pending is a final telegram or a truncated one. */
  end(): DecodeEvent[];
  readonly counters: P1Counters;
}
