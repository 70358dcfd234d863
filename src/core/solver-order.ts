// The solver's canonical device order: ascending id, so the answer never depends on input order
// (docs/algorithm-solver.md "Determinism").
import type { SolverProblem } from './solver-types.js';
import { SolverInputError } from './solver-work.js';

/** Devices arrays whose ids never change (allocate()'s), with the idOrder checked against them once. */
const fixedIds = new WeakMap<readonly unknown[], ArrayLike<number> | null>();

/** Marks a devices array whose objects keep their ids for good (the caller never changes them). */
export function idsAreFixed(devices: readonly unknown[]): void {
  if (!fixedIds.has(devices)) fixedIds.set(devices, null);
}

/**
 * The canonical order: device indices by ascending id. A given idOrder is checked (ids strictly
 * ascending along it, which also proves them unique); else the ids are sorted here.
 */
export function idOrder(
  problem: Pick<SolverProblem, 'idOrder'> & { devices: readonly { id: string }[] },
): Int32Array {
  const { devices } = problem;
  const n = devices.length;
  let order: Int32Array;
  const checked = fixedIds.get(devices);
  if (checked && checked === problem.idOrder && checked.length === n) return Int32Array.from(checked);
  if (problem.idOrder && problem.idOrder.length === n) {
    order = Int32Array.from(problem.idOrder);
  } else {
    order = Int32Array.from(devices.keys()).sort((a, b) => {
      const ia = devices[a]!.id;
      const ib = devices[b]!.id;
      return ia < ib ? -1 : ia > ib ? 1 : 0;
    });
  }
  for (let k = 1; k < n; k++) {
    const prev = devices[order[k - 1]!]?.id;
    const id = devices[order[k]!]?.id;
    if (prev === undefined || id === undefined) throw new SolverInputError(`idOrder is not a permutation`);
    if (prev === id) throw new SolverInputError(`duplicate device id "${id}"`);
    if (prev > id) throw new SolverInputError(`idOrder does not sort the ids ("${prev}" before "${id}")`);
  }
  if (checked === null && problem.idOrder?.length === n) fixedIds.set(devices, problem.idOrder);
  return order;
}

// The service order (docs/algorithm-solver.md "Step 1"): runnable devices by priority descending,
// then shedRank ascending, then index (= id) ascending. A stable LSD radix sort on the numbers'
// bits (a byte per pass; passes where every key has the same byte are skipped): linear in the
// devices, no comparator, and exactly the order a comparator would give.

/** Index of the high and low 32-bit words of a float64 in a Uint32Array view (endianness). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

/** Buffers for serviceOrder and the solver's classes, kept with a Work and reused cycle after cycle. */
export interface OrderScratch {
  /** The service order (after serviceOrder). */
  a: Int32Array;
  b: Int32Array;
  keyHi: Uint32Array;
  keyLo: Uint32Array;
  /** The keys' byte histograms, 256 counts per byte (keyLo's four bytes, then keyHi's). */
  count: Int32Array;
  bits: Float64Array;
  words: Uint32Array;
  /** The devices that are on by priority class, where each class starts, and a fill's members. */
  on: Int32Array;
  classStart: Int32Array;
  members: Int32Array;
}

export function orderScratch(n: number): OrderScratch {
  const bits = new Float64Array(1);
  return {
    a: new Int32Array(n),
    b: new Int32Array(n),
    keyHi: new Uint32Array(n),
    keyLo: new Uint32Array(n),
    count: new Int32Array(8 * 256),
    bits,
    words: new Uint32Array(bits.buffer),
    on: new Int32Array(n),
    classStart: new Int32Array(n + 2),
    members: new Int32Array(n),
  };
}

/**
 * The runnable devices (runnable[d] === 1) in service order: priority descending, shedRank
 * ascending, index ascending, into s.a[0 .. the count returned). Neither number may be NaN (the
 * Work's checks refuse it).
 */
export function serviceOrder(
  n: number,
  runnable: Uint8Array,
  priority: Float64Array,
  shedRank: Float64Array,
  s: OrderScratch,
): number {
  let m = 0;
  for (let d = 0; d < n; d++) if (runnable[d] === 1) s.a[m++] = d;
  if (m <= SMALL) {
    insertionSort(s.a, m, priority, shedRank);
  } else {
    // Least significant key first: shedRank ascending, then priority descending (stable passes).
    sortableKeys(s, m, shedRank, false);
    radixPasses(s, m);
    sortableKeys(s, m, priority, true);
    radixPasses(s, m);
  }
  return m;
}

/** Up to this many devices a plain insertion sort is cheaper than the radix passes' histograms. */
const SMALL = 48;

function insertionSort(a: Int32Array, m: number, priority: Float64Array, shedRank: Float64Array): void {
  for (let k = 1; k < m; k++) {
    const d = a[k]!;
    const p = priority[d]!;
    const r = shedRank[d]!;
    let j = k - 1;
    // Indices come in ascending, so a tie on both numbers keeps the earlier one first.
    for (; j >= 0; j--) {
      const e = a[j]!;
      const pe = priority[e]!;
      if (pe > p || (pe === p && shedRank[e]! <= r)) break;
      a[j + 1] = e;
    }
    a[j + 1] = d;
  }
}

/**
 * Each chosen device's number as two unsigned words that sort like the number (-0 as 0), and the
 * histogram of each of their bytes (one pass: the histograms do not depend on the order).
 */
function sortableKeys(s: OrderScratch, m: number, values: Float64Array, descending: boolean): void {
  const { a, keyHi, keyLo, bits, words, count } = s;
  count.fill(0);
  for (let k = 0; k < m; k++) {
    const d = a[k]!;
    const v = values[d]!;
    bits[0] = v === 0 ? 0 : v;
    let hi = words[HI]!;
    let lo = words[LO]!;
    // IEEE 754: negative numbers sort reversed with every bit flipped; positive ones above them.
    if (hi >>> 31 === 1) {
      hi = ~hi;
      lo = ~lo;
    } else {
      hi = hi | 0x80000000;
    }
    if (descending) {
      hi = ~hi;
      lo = ~lo;
    }
    keyHi[d] = hi >>> 0;
    keyLo[d] = lo >>> 0;
    count[lo & 255]!++;
    count[256 + ((lo >>> 8) & 255)]!++;
    count[512 + ((lo >>> 16) & 255)]!++;
    count[768 + (lo >>> 24)]!++;
    count[1024 + (hi & 255)]!++;
    count[1280 + ((hi >>> 8) & 255)]!++;
    count[1536 + ((hi >>> 16) & 255)]!++;
    count[1792 + (hi >>> 24)]!++;
  }
}

/**
 * Stable byte-wise LSD passes over keyLo then keyHi, permuting s.a (via s.b), with sortableKeys'
 * histograms; a byte every key shares needs no pass.
 */
function radixPasses(s: OrderScratch, m: number): void {
  const count = s.count;
  for (let pass = 0; pass < 8; pass++) {
    const keys = pass < 4 ? s.keyLo : s.keyHi;
    const shift = 8 * (pass & 3);
    const base = 256 * pass;
    let skip = false;
    let sum = 0;
    for (let digit = 0; digit < 256; digit++) {
      const c = count[base + digit]!;
      if (c === m) skip = true;
      count[base + digit] = sum;
      sum += c;
    }
    if (skip) continue;
    const { a, b } = s;
    for (let k = 0; k < m; k++) {
      const d = a[k]!;
      const slot = base + ((keys[d]! >>> shift) & 255);
      b[count[slot]!] = d;
      count[slot] = count[slot]! + 1;
    }
    s.a = b;
    s.b = a;
  }
}
