// The fixed-width fields of a telegram template (telegram-template.ts): each rewrites its bytes
// in place and keeps the body's CRC up to date from the bytes it changed (CrcCarry, crc.ts), so a
// second costs the changed fields, not a pass over the whole telegram.
import { CrcCarry, crc16, formatTst } from '../meters/dsmr/index.js';

/** A telegram's bytes from "/" to "!" inclusive (bytes[0, end)), and their CRC-16/ARC. */
export class Body {
  crc: number;

  constructor(
    readonly buf: Buffer,
    readonly end: number,
  ) {
    this.crc = crc16(buf, 0, end);
  }
}

/** Bytes [at, at + width) of a body that a field rewrites. */
class Region {
  private readonly carry: CrcCarry;

  constructor(
    private readonly body: Body,
    private readonly at: number,
    private readonly width: number,
  ) {
    this.carry = new CrcCarry(body.end - at - width);
  }

  /** Before the bytes change: their CRC, for `changed`. */
  crcNow(): number {
    return crc16(this.body.buf, this.at, this.at + this.width);
  }

  /** After the bytes changed from ones whose CRC was `before`. */
  changed(before: number): void {
    this.body.crc ^= this.carry.carry(before ^ this.crcNow());
  }
}

/**
 * A number of n = whole + decimals digits at `at`, with a '.' after `whole` digits when there are
 * decimals. It remembers the value it last wrote: most fields (voltages, idle registers, the
 * tariff) repeat second after second and are not written again.
 */
export class Digits {
  private last = NaN;
  private readonly limit: number;
  private readonly region: Region;

  constructor(
    private readonly body: Body,
    private readonly at: number,
    private readonly whole: number,
    private readonly decimals: number,
  ) {
    this.limit = 10 ** (whole + decimals);
    this.region = new Region(body, at, whole + decimals + (decimals > 0 ? 1 : 0));
  }

  /** Writes u (a non-negative integer); false, and nothing written, if it does not fit. */
  set(u: number): boolean {
    if (u === this.last) return true;
    if (!(u >= 0) || u >= this.limit) return false;
    const { at, whole, decimals } = this;
    const buf = this.body.buf;
    const before = this.region.crcNow();
    let rest = u;
    for (let i = whole + decimals - 1; i >= 0; i--) {
      buf[i >= whole && decimals > 0 ? at + i + 1 : at + i] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.region.changed(before);
    this.last = u;
    return true;
  }
}

/**
 * A TST (13 characters) at `at`. Offsets are whole hours and summer time starts and ends on the
 * hour, so within one UTC minute only the seconds change: the other 11 characters are written once
 * a minute (by formatTst itself), the two seconds digits every call.
 */
export class TstField {
  private minute = NaN;
  private summerTime: boolean | undefined;
  private readonly all: Region;
  private readonly seconds: Region;

  constructor(
    private readonly body: Body,
    private readonly at: number,
  ) {
    this.all = new Region(body, at, 13);
    this.seconds = new Region(body, at + 10, 2);
  }

  /** Writes the TST of `time` (S/W flag: `summerTime`, default the EU rule); false if it cannot. */
  set(time: Date, summerTime: boolean | undefined): boolean {
    const buf = this.body.buf;
    const ms = time.getTime();
    const m = Math.floor(ms / 60_000);
    if (m !== this.minute || summerTime !== this.summerTime) {
      const text = formatTst(time, summerTime);
      if (text.length !== 13) return false;
      const before = this.all.crcNow();
      buf.write(text, this.at, 'latin1');
      this.all.changed(before);
      this.minute = m;
      this.summerTime = summerTime;
    }
    const s = Math.floor(ms / 1000) - m * 60;
    const tens = 48 + Math.floor(s / 10);
    const ones = 48 + (s % 10);
    if (buf[this.at + 10] !== tens || buf[this.at + 11] !== ones) {
      const before = this.seconds.crcNow();
      buf[this.at + 10] = tens;
      buf[this.at + 11] = ones;
      this.seconds.changed(before);
    }
    return true;
  }
}
