// The devices' memories of a large site as one Float64Array per state (docs/design-columnar.md,
// step 1): a row per topology device, a column per DeviceMemory field. A state's array is never
// written after its cycle. A cycle works in its topology's own working array (`MemoryTable.work`),
// which holds the previous state's rows at the start (one memcpy, skipped when it still holds
// them) and is copied into the new state's array at the end. Inside the cycle every device is
// read and written through its row cursor, an object implementing DeviceMemory with accessors
// into its row of the working array, made once per topology. Nothing keeps a cursor past
// allocate(): the state hands out plain objects (readRow) when its record is read.
//
// Why: at 10,000 devices a new 20-field object per device per cycle (energy changes every second
// while charging) was ~25 % of the cycle in copies and garbage collection (docs/benchmarks.md).
// The accessors are kept small (13 to 30 bytes of bytecode), so that TurboFan inlines them into
// decide() and the other passes: an accessor it does not inline is a call, with a new heap number
// for each timestamp passed or returned (session 9: reading through the table object, an offset
// and a module constant made them 30 to 44 bytes, and decide() spent its inlining budget first).
// Each cursor is one small object (the shared array and its row's offset): until session 10 it
// held a subarray of its own, a second object per device that every pass read (about 3 % of the
// hard site's cycle at 10,000 devices).
// Encoding: null → NaN, booleans → 0/1, phaseCount → 1 or 3; every field round-trips exactly.
import type { DeviceMemory } from './state.js';

const CONNECTED = 0;
const ENERGY = 1;
const SETPOINT = 2;
const RAMP = 3;
const RAISE_SINCE = 4;
const ON_SINCE = 5;
const OFF_SINCE = 6;
const PAUSE_STREAK = 7;
const DROP_FROM = 8;
const DROP_SINCE = 9;
const DROP_STREAK = 10;
const WAITING_SINCE = 11;
const SOLAR_ACTIVE = 12;
const SOLAR_SINCE = 13;
const UNUSED_SINCE = 14;
const UNUSED_CAP = 15;
const PHASE_COUNT = 16;
const SWITCHES = 17;
const SWITCH_PAUSE_UNTIL = 18;
const SWITCH_SINCE = 19;
/** Columns per row. */
export const MEMORY_FIELDS = 20;

/** A topology's working array, shared by its cursors. */
export interface MemoryTable {
  /** The rows the cycle reads and writes (one array per topology, for every cycle). */
  work: Float64Array;
  /** The state array `work` holds exactly, if any: null from a cycle's start until its end. */
  clean: Float64Array | null;
}

/** A table for n rows (each device's cursor views its row of `work`). */
export function memoryTable(n: number): MemoryTable {
  return { work: new Float64Array(n * MEMORY_FIELDS), clean: null };
}

/** The state's copy of the working array at the end of a cycle (then the table is clean). */
export function tableState(table: MemoryTable): Float64Array {
  const data = table.work.slice();
  table.clean = data;
  return data;
}

const orNull = (v: number): number | null => (v === v ? v : null);
const orNaN = (v: number | null | undefined): number => (v === null || v === undefined ? NaN : v);

/**
 * Device i's memory: row i of the table's working array. The accessors index the row with the
 * column numbers above written as literals (a module constant is a context load, one more byte of
 * bytecode), and `data` and `at` are plain fields (a private field takes more bytes to read): what
 * V8 inlines, which allocate.columns.test.ts cannot see but `node --trace-turbo-inlining` shows
 * ("Inlining set setpointA into decide").
 */
export class MemoryRow implements DeviceMemory {
  /** The table's working array and where the row starts in it (see the class comment). */
  readonly data: Float64Array;
  readonly at: number;

  constructor(table: MemoryTable, row: number) {
    this.data = table.work;
    this.at = row * MEMORY_FIELDS;
  }

  get connected(): boolean {
    return this.data[this.at + 0] === 1;
  }
  set connected(v: boolean) {
    this.data[this.at + 0] = v ? 1 : 0;
  }
  get energyKWh(): number {
    return this.data[this.at + 1]!;
  }
  set energyKWh(v: number) {
    this.data[this.at + 1] = v;
  }
  get setpointA(): number {
    return this.data[this.at + 2]!;
  }
  set setpointA(v: number) {
    this.data[this.at + 2] = v;
  }
  get rampA(): number {
    return this.data[this.at + 3]!;
  }
  set rampA(v: number) {
    this.data[this.at + 3] = v;
  }
  get raiseSinceMs(): number | null {
    return orNull(this.data[this.at + 4]!);
  }
  set raiseSinceMs(v: number | null) {
    this.data[this.at + 4] = v ?? NaN;
  }
  get onSinceMs(): number | null {
    return orNull(this.data[this.at + 5]!);
  }
  set onSinceMs(v: number | null) {
    this.data[this.at + 5] = v ?? NaN;
  }
  get offSinceMs(): number | null {
    return orNull(this.data[this.at + 6]!);
  }
  set offSinceMs(v: number | null) {
    this.data[this.at + 6] = v ?? NaN;
  }
  get pauseStreak(): number {
    return this.data[this.at + 7]!;
  }
  set pauseStreak(v: number) {
    this.data[this.at + 7] = v;
  }
  get dropFromA(): number | null {
    return orNull(this.data[this.at + 8]!);
  }
  set dropFromA(v: number | null) {
    this.data[this.at + 8] = v ?? NaN;
  }
  get dropSinceMs(): number | null {
    return orNull(this.data[this.at + 9]!);
  }
  set dropSinceMs(v: number | null) {
    this.data[this.at + 9] = v ?? NaN;
  }
  get dropStreak(): number {
    return this.data[this.at + 10]!;
  }
  set dropStreak(v: number) {
    this.data[this.at + 10] = v;
  }
  get waitingSinceMs(): number | null {
    return orNull(this.data[this.at + 11]!);
  }
  set waitingSinceMs(v: number | null) {
    this.data[this.at + 11] = v ?? NaN;
  }
  get solarActive(): boolean {
    return this.data[this.at + 12] === 1;
  }
  set solarActive(v: boolean) {
    this.data[this.at + 12] = v ? 1 : 0;
  }
  get solarSinceMs(): number | null {
    return orNull(this.data[this.at + 13]!);
  }
  set solarSinceMs(v: number | null) {
    this.data[this.at + 13] = v ?? NaN;
  }
  get unusedSinceMs(): number | null {
    return orNull(this.data[this.at + 14]!);
  }
  set unusedSinceMs(v: number | null) {
    this.data[this.at + 14] = v ?? NaN;
  }
  get unusedCapA(): number | null {
    return orNull(this.data[this.at + 15]!);
  }
  set unusedCapA(v: number | null) {
    this.data[this.at + 15] = v ?? NaN;
  }
  get phaseCount(): 1 | 3 {
    return this.data[this.at + 16] === 1 ? 1 : 3;
  }
  set phaseCount(v: 1 | 3) {
    this.data[this.at + 16] = v;
  }
  get switches(): number {
    return this.data[this.at + 17]!;
  }
  set switches(v: number) {
    this.data[this.at + 17] = v;
  }
  get switchPauseUntilMs(): number | null {
    return orNull(this.data[this.at + 18]!);
  }
  set switchPauseUntilMs(v: number | null) {
    this.data[this.at + 18] = v ?? NaN;
  }
  get switchSinceMs(): number | null {
    return orNull(this.data[this.at + 19]!);
  }
  set switchSinceMs(v: number | null) {
    this.data[this.at + 19] = v ?? NaN;
  }
}

/**
 * Writes a memory into row i, every field (a hand-written or older state's missing pauseStreak
 * and raise back-off fields read as their defaults, as copyMemory does).
 */
export function writeRow(data: Float64Array, row: number, m: DeviceMemory): void {
  const at = row * MEMORY_FIELDS;
  data[at + CONNECTED] = m.connected ? 1 : 0;
  data[at + ENERGY] = m.energyKWh;
  data[at + SETPOINT] = m.setpointA;
  data[at + RAMP] = m.rampA;
  data[at + RAISE_SINCE] = orNaN(m.raiseSinceMs);
  data[at + ON_SINCE] = orNaN(m.onSinceMs);
  data[at + OFF_SINCE] = orNaN(m.offSinceMs);
  data[at + PAUSE_STREAK] = m.pauseStreak ?? 0;
  data[at + DROP_FROM] = orNaN(m.dropFromA);
  data[at + DROP_SINCE] = orNaN(m.dropSinceMs);
  data[at + DROP_STREAK] = m.dropStreak ?? 0;
  data[at + WAITING_SINCE] = orNaN(m.waitingSinceMs);
  data[at + SOLAR_ACTIVE] = m.solarActive ? 1 : 0;
  data[at + SOLAR_SINCE] = orNaN(m.solarSinceMs);
  data[at + UNUSED_SINCE] = orNaN(m.unusedSinceMs);
  data[at + UNUSED_CAP] = orNaN(m.unusedCapA);
  data[at + PHASE_COUNT] = m.phaseCount === 1 ? 1 : 3;
  data[at + SWITCHES] = m.switches;
  data[at + SWITCH_PAUSE_UNTIL] = orNaN(m.switchPauseUntilMs);
  data[at + SWITCH_SINCE] = orNaN(m.switchSinceMs);
}

/** Row i as a plain memory (the fields in copyMemory's order: one object shape). */
export function readRow(data: Float64Array, row: number): DeviceMemory {
  const at = row * MEMORY_FIELDS;
  return {
    connected: data[at + CONNECTED] === 1,
    energyKWh: data[at + ENERGY]!,
    setpointA: data[at + SETPOINT]!,
    rampA: data[at + RAMP]!,
    raiseSinceMs: orNull(data[at + RAISE_SINCE]!),
    onSinceMs: orNull(data[at + ON_SINCE]!),
    offSinceMs: orNull(data[at + OFF_SINCE]!),
    pauseStreak: data[at + PAUSE_STREAK]!,
    dropFromA: orNull(data[at + DROP_FROM]!),
    dropSinceMs: orNull(data[at + DROP_SINCE]!),
    dropStreak: data[at + DROP_STREAK]!,
    waitingSinceMs: orNull(data[at + WAITING_SINCE]!),
    solarActive: data[at + SOLAR_ACTIVE] === 1,
    solarSinceMs: orNull(data[at + SOLAR_SINCE]!),
    unusedSinceMs: orNull(data[at + UNUSED_SINCE]!),
    unusedCapA: orNull(data[at + UNUSED_CAP]!),
    phaseCount: data[at + PHASE_COUNT] === 1 ? 1 : 3,
    switches: data[at + SWITCHES]!,
    switchPauseUntilMs: orNull(data[at + SWITCH_PAUSE_UNTIL]!),
    switchSinceMs: orNull(data[at + SWITCH_SINCE]!),
  };
}
