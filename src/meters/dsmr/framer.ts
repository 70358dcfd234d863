// The streaming framer: bytes in any chunking → telegrams ("/" … "!" CRC) and Smarty frames
// (0xDB 0x08 …), in stream order, with resync after anything else (P1-FACTS §7.4–7.5, §7.11):
// - a telegram starts at a "/" that follows CR or LF (or the start of input), or that is followed by
//   a header pattern (3 letters and a digit, "/ISK5"), never at any "/": Iskra MT382 text may hold one;
//   its header line must then be printable ASCII starting with 3 letters, else it was no start;
// - it ends at a "!" at the start of a line, plus up to 4 hex digits (none in DSMR 2.2/3.0);
// - a new start before the "!", a quiet line (idle) or the end of input cut it: `unterminated`,
//   which the decoder takes as an Iskra MT382 telegram without "!" or as a truncated one;
// - NUL, 0xFF, gateway lines and line noise between telegrams are skipped and counted.
// Bytes are kept in one growing buffer and scanned with indexOf (memchr): no copy per telegram.
import { hexDigit } from './crc.js';
import { readFrameHeader } from './smarty.js';

const LF = 0x0a;
const CR = 0x0d;
const SLASH = 0x2f;
const BANG = 0x21;
const DLMS = 0xdb;
/** A header line longer than this is not one (real ones are ≤ 24 characters). */
const MAX_HEADER = 96;

export type CutCause = 'next' | 'idle' | 'end';

export interface FramerSink {
  /** A telegram: bytes[start] is "/", bytes[bang] the "!", bytes(bang, crcEnd) its 0–4 CRC digits. */
  telegram(b: Uint8Array, start: number, bang: number, crcEnd: number, offset: number): void;
  /** Bytes from a "/" that reached no "!" before `cause`. */
  unterminated(b: Uint8Array, start: number, end: number, offset: number, cause: CutCause): void;
  /** A whole encrypted frame; false when it did not decrypt (the framer then looks inside it for
   * the next frame, in case this one was cut short). */
  encrypted(b: Uint8Array, start: number, end: number, offset: number): boolean;
  /** A telegram or frame longer than the limit; its bytes are dropped. */
  oversize(offset: number, bytes: number): void;
  /** An encrypted frame cut short by a quiet line or the end of input. */
  frameCut(offset: number, bytes: number): void;
}

/** hunt: between telegrams; body: inside one, before its "!"; crc: after the "!"; frame: inside an
 * encrypted frame of known length. */
type State = 'hunt' | 'body' | 'crc' | 'frame';

const isLetter = (c: number): boolean => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

export class Framer {
  private acc: Buffer = Buffer.allocUnsafe(4096);
  private len = 0;
  /** Stream offset of acc[0]. */
  private base = 0;
  /** The byte before acc[0]; the start of input counts as a line start. */
  private prevByte = LF;
  private state: State = 'hunt';
  /** hunt: next byte to look at. */
  private pos = 0;
  /** body/crc/frame: where the current telegram or frame starts. */
  private start = 0;
  /** body: where to continue looking for "!" and "/". */
  private scan = 0;
  private headerChecked = false;
  /** crc: index of the "!". frame: total frame bytes. */
  private mark = 0;
  skippedBytes = 0;

  constructor(
    private readonly sink: FramerSink,
    private readonly maxBytes: number,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.len + chunk.length > this.acc.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.acc.length * 2, this.len + chunk.length));
      this.acc.copy(grown, 0, 0, this.len);
      this.acc = grown;
    }
    this.acc.set(chunk, this.len);
    this.len += chunk.length;
    this.run();
    this.compact();
  }

  /** The line went quiet (or input ended): whatever is pending ends here. */
  flush(cause: CutCause): void {
    this.run();
    const { acc, len, start } = this;
    switch (this.state) {
      case 'hunt':
        this.skip(this.pos, len);
        break;
      case 'body':
        this.sink.unterminated(acc.subarray(0, len), start, len, this.base + start, cause);
        break;
      case 'crc':
        this.sink.telegram(acc.subarray(0, len), start, this.mark, len, this.base + start);
        break;
      case 'frame':
        this.sink.frameCut(this.base + start, len - start);
        break;
    }
    this.state = 'hunt';
    this.pos = len;
    this.compact();
  }

  private skip(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const c = this.acc[i]!;
      if (c !== CR && c !== LF) this.skippedBytes++;
    }
  }

  /** Whether a "/" at i starts a telegram: true, false, or null when more bytes are needed. */
  private startsAt(i: number): boolean | null {
    const b = this.acc;
    const prev = i > 0 ? b[i - 1]! : this.prevByte;
    if (prev === LF || prev === CR) return true;
    if (i + 4 >= this.len) return null;
    return isLetter(b[i + 1]!) && isLetter(b[i + 2]!) && isLetter(b[i + 3]!) && isDigit(b[i + 4]!);
  }

  private run(): void {
    const b = this.acc;
    const view = b.subarray(0, this.len);
    const len = this.len;
    // Next "!" and "/" at or after `scan`, kept across iterations so that many stray "!" or "/"
    // in one telegram cost one pass, not one pass each. -1: none up to len; -2: not looked yet.
    let bang = -2;
    let slash = -2;
    for (;;) {
      if (this.state === 'hunt') {
        let i = this.pos;
        for (; i < len; i++) {
          const c = b[i]!;
          if (c === SLASH) {
            const starts = this.startsAt(i);
            if (starts === null) break;
            if (starts) {
              this.begin(i);
              break;
            }
          } else if (c === DLMS) {
            const header = readFrameHeader(b, i, len);
            if (header === 'more') break;
            if (header !== null) {
              if (header.totalBytes > this.maxBytes) {
                this.sink.oversize(this.base + i, header.totalBytes);
              } else {
                this.state = 'frame';
                this.start = i;
                this.mark = header.totalBytes;
                break;
              }
            }
          }
          if (c !== CR && c !== LF) this.skippedBytes++;
        }
        this.pos = i;
        if (this.state === 'hunt') return;
      } else if (this.state === 'body') {
        if (!this.headerChecked && !this.checkHeader()) {
          if (this.state === 'body') return; // needs more bytes
          continue;
        }
        if (bang !== -1 && bang < this.scan) bang = view.indexOf(BANG, this.scan);
        if (slash !== -1 && slash < this.scan) slash = view.indexOf(SLASH, this.scan);
        const next = bang < 0 ? slash : slash < 0 ? bang : Math.min(bang, slash);
        if (next < 0 || next - this.start > this.maxBytes) {
          if (len - this.start <= this.maxBytes) {
            this.scan = len;
            return;
          }
          this.sink.oversize(this.base + this.start, (next < 0 ? len : next) - this.start);
          this.state = 'hunt';
          this.pos = next < 0 ? len : next;
          continue;
        }
        if (next === bang) {
          const prev = b[bang - 1];
          if (prev === LF || prev === CR) {
            this.state = 'crc';
            this.mark = bang;
          } else this.scan = bang + 1;
          continue;
        }
        const starts = this.startsAt(slash);
        if (starts === null) {
          this.scan = slash;
          return;
        }
        if (starts) {
          this.sink.unterminated(view, this.start, slash, this.base + this.start, 'next');
          this.begin(slash);
        } else this.scan = slash + 1;
      } else if (this.state === 'crc') {
        const at = this.mark;
        let j = at + 1;
        while (j < len && j - at <= 4 && hexDigit(b[j]!) >= 0) j++;
        if (j === len && j - at <= 4) return; // the CRC may go on in the next chunk
        this.sink.telegram(view, this.start, at, j, this.base + this.start);
        this.state = 'hunt';
        this.pos = j;
      } else {
        const end = this.start + this.mark;
        if (end > len) return;
        const ok = this.sink.encrypted(view, this.start, end, this.base + this.start);
        let resume = end;
        if (!ok) {
          // A cut frame swallows the head of the next: look for a frame start inside this one.
          for (let i = view.indexOf(DLMS, this.start + 1); i >= 0 && i < end; i = view.indexOf(DLMS, i + 1)) {
            const h = readFrameHeader(b, i, len);
            if (h !== null && h !== 'more') {
              resume = i;
              break;
            }
          }
        }
        this.state = 'hunt';
        this.pos = resume;
      }
    }
  }

  private begin(i: number): void {
    this.state = 'body';
    this.start = i;
    this.scan = i + 1;
    this.headerChecked = false;
  }

  /**
   * Checks the header line of the telegram being read: printable ASCII starting with 3 letters. A
   * "/" + header pattern inside it cuts the telegram there. Returns true when the body can be read;
   * false with state body when more bytes are needed, or state hunt when this "/" was no start.
   */
  private checkHeader(): boolean {
    const b = this.acc;
    const start = this.start;
    const limit = Math.min(this.len, start + 1 + MAX_HEADER);
    let i = start + 1;
    for (; i < limit; i++) {
      const c = b[i]!;
      if (c === CR && i + 1 === this.len) return false;
      if (c === LF || (c === CR && b[i + 1] === LF)) {
        const ok =
          i - start > 4 && isLetter(b[start + 1]!) && isLetter(b[start + 2]!) && isLetter(b[start + 3]!);
        if (!ok) break;
        this.headerChecked = true;
        this.scan = i;
        return true;
      }
      if (c === SLASH && i + 4 < this.len && this.startsAt(i)) {
        this.sink.unterminated(b.subarray(0, this.len), start, i, this.base + start, 'next');
        this.begin(i);
        return this.checkHeader();
      }
      if (c < 0x20 || c > 0x7e) break;
    }
    if (i === this.len && i < start + 1 + MAX_HEADER) return false;
    // Not a telegram after all: skip the "/" and hunt on from the next byte.
    this.state = 'hunt';
    this.pos = start + 1;
    this.skippedBytes++;
    return false;
  }

  /** Drops consumed bytes from the front of the buffer. */
  private compact(): void {
    const keep = this.state === 'hunt' ? this.pos : this.start;
    if (keep === 0) return;
    this.prevByte = this.acc[keep - 1]!;
    this.acc.copyWithin(0, keep, this.len);
    this.len -= keep;
    this.base += keep;
    this.pos -= keep;
    this.start -= keep;
    this.scan -= keep;
    if (this.state === 'crc') this.mark -= keep;
  }
}
