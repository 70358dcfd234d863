// Value formats inside "(...)": Fn(x,y) decimals with an optional "*unit", In integers, Sn octet
// strings sent as hex (DSMR 5.0.2 §6.4). Everything reads straight from the telegram's bytes, with
// no string per value: this is the hot path (DSMR 5 and e-MUCS send a telegram every second).

/** What a number measures; each has one canonical unit in a Reading (W, kWh, V, A, m3). */
export type Dimension = 'power' | 'energy' | 'voltage' | 'current' | 'volume';

interface UnitDef {
  dim: Dimension;
  /** canonical value = sent value × 10^exp */
  exp: number;
}

// Units by lower-cased name: meters differ in case ("kVArh", "kvarh"), never in meaning here.
const UNIT_NAMES: Record<string, UnitDef> = {
  kw: { dim: 'power', exp: 3 },
  w: { dim: 'power', exp: 0 },
  kwh: { dim: 'energy', exp: 0 },
  wh: { dim: 'energy', exp: -3 },
  v: { dim: 'voltage', exp: 0 },
  a: { dim: 'current', exp: 0 },
  m3: { dim: 'volume', exp: 0 },
};

/** A value sent without a unit is in the DSMR unit of its object: kW, kWh, V, A, m3 (early Smarty
 * firmware sends `(00.000)`; placeholders `(00000000)`). */
const DEFAULT_EXP: Record<Dimension, number> = { power: 3, energy: 0, voltage: 0, current: 0, volume: 0 };

function unitKey(b: ArrayLike<number>, s: number, e: number): number {
  if (e - s > 6) return -1;
  let key = 0;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    key = key * 128 + (c >= 0x41 && c <= 0x5a ? c | 0x20 : c & 0x7f);
  }
  return key;
}

// The units as parallel arrays, searched in order (kW, the most frequent, first): with 7 units a scan of
// small integers is cheaper than a Map lookup, and it runs for nearly every value of a telegram.
const UNIT_KEYS = Int32Array.from(Object.keys(UNIT_NAMES), (name) =>
  unitKey(
    Array.from(name, (ch) => ch.charCodeAt(0)),
    0,
    name.length,
  ),
);
const UNIT_DEFS = Object.values(UNIT_NAMES);

function unitOf(key: number): UnitDef | undefined {
  for (let i = 0; i < UNIT_KEYS.length; i++) if (UNIT_KEYS[i] === key) return UNIT_DEFS[i];
  return undefined;
}

/** The dimension of the unit name in bytes[s, e) ("m3" in DSMR 2.2's 24.3.0), or null. */
export function unitDimension(b: Uint8Array, s: number, e: number): Dimension | null {
  return unitOf(unitKey(b, s, e))?.dim ?? null;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Reads "[-]digits[.digits][*unit]" in bytes[s, e) as a `dim` quantity in its canonical unit, or NaN
 * when it is not a number or its unit measures something else. The result is exact to the digits
 * sent: the integer mantissa is scaled by one multiplication or division by a power of ten (both
 * correctly rounded), so "00.378*kW" is 378 W, not 378.00000000000006.
 */
export function readQuantity(b: Uint8Array, s: number, e: number, dim: Dimension): number {
  let i = s;
  let negative = false;
  if (i < e && (b[i] === 0x2d || b[i] === 0x2b)) negative = b[i++] === 0x2d;
  let mantissa = 0;
  let decimals = -1;
  let digits = 0;
  for (; i < e; i++) {
    const d = b[i]! - 0x30;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      if (decimals >= 0) decimals++;
    } else if (d === -2 && decimals < 0) decimals = 0;
    else break;
  }
  if (digits === 0) return NaN;
  let exp = DEFAULT_EXP[dim];
  if (i < e) {
    if (b[i] !== 0x2a) return NaN;
    const unit = unitOf(unitKey(b, i + 1, e));
    if (unit === undefined || unit.dim !== dim) return NaN;
    exp = unit.exp;
  }
  const k = exp - (decimals < 0 ? 0 : decimals);
  const value = k >= 0 ? mantissa * POW10[k]! : -k < POW10.length ? mantissa / POW10[-k]! : NaN;
  return negative ? -value : value;
}

/** An unsigned integer in bytes[s, e) (optionally with a unit, ignored), or NaN. */
export function readInteger(b: Uint8Array, s: number, e: number): number {
  let v = 0;
  let i = s;
  for (; i < e; i++) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  return i === s || (i < e && b[i] !== 0x2a) ? NaN : v;
}

/** The last run of digits in bytes[s, e): E.ON Hungary sends `96.14.0(TARIFF 1)`. NaN if none. */
export function readTrailingInteger(b: Uint8Array, s: number, e: number): number {
  let end = e;
  while (end > s && !(b[end - 1]! >= 0x30 && b[end - 1]! <= 0x39)) end--;
  let start = end;
  while (start > s && b[start - 1]! >= 0x30 && b[start - 1]! <= 0x39) start--;
  return start === end || end - start > 9 ? NaN : readInteger(b, start, end);
}

/** bytes[s, e) as a Latin-1 string (telegrams are 7-bit ASCII; this never throws). */
export function latin1(b: Uint8Array, s: number, e: number): string {
  if (e - s <= 64) {
    let out = '';
    for (let i = s; i < e; i++) out += String.fromCharCode(b[i]!);
    return out;
  }
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
}

/** Decodes an Sn octet string sent as hex, or null if bytes[s, e) is not even-length hex. */
function decodeHex(b: Uint8Array, s: number, e: number): Buffer | null {
  if ((e - s) % 2 !== 0) return null;
  const out = Buffer.allocUnsafe((e - s) / 2);
  for (let i = s, o = 0; i < e; i += 2, o++) {
    const h = hexValue(b[i]!);
    const l = hexValue(b[i + 1]!);
    if (h < 0 || l < 0) return null;
    out[o] = (h << 4) | l;
  }
  return out;
}

/**
 * An identifier (0-0:96.1.1 and kin): the hex-decoded text when it decodes to printable ASCII
 * ("4530…" → "E0…"), else the characters as sent (Iskra IE5 `96.1.0(91318181)`, Warmtelink
 * `ADC3100000158491`, zeroed ids). Surrounding spaces are trimmed (Kamstrup pads with 0x20).
 * Empty → null.
 */
export function readIdentifier(b: Uint8Array, s: number, e: number): string | null {
  if (s >= e) return null;
  const decoded = decodeHex(b, s, e);
  const printable = decoded !== null && decoded.every((c) => c >= 0x20 && c <= 0x7e);
  const text = (printable ? decoded.toString('latin1') : latin1(b, s, e)).trim();
  return text === '' ? null : text;
}

/** A text message (0-0:96.13.0): hex-decoded as UTF-8 when it is hex, else as sent. Empty → null. */
export function readText(b: Uint8Array, s: number, e: number): string | null {
  if (s >= e) return null;
  const decoded = decodeHex(b, s, e);
  return decoded !== null ? decoded.toString('utf8') : latin1(b, s, e);
}

/**
 * Remembers the string last made from some bytes: a meter repeats its header and identifiers in
 * every telegram, so most calls return the previous string without decoding anything.
 */
export class RepeatCache {
  private readonly bytes = new Uint8Array(128);
  private length = -1;
  private value: string | null = null;

  get(
    b: Uint8Array,
    s: number,
    e: number,
    make: (b: Uint8Array, s: number, e: number) => string | null,
  ): string | null {
    const n = e - s;
    if (n === this.length) {
      let i = 0;
      while (i < n && this.bytes[i] === b[s + i]) i++;
      if (i === n) return this.value;
    }
    const value = make(b, s, e);
    if (n <= this.bytes.length) {
      for (let i = 0; i < n; i++) this.bytes[i] = b[s + i]!;
      this.length = n;
      this.value = value;
    }
    return value;
  }
}
