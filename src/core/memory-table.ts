// The devices' memories of a large site as one Float64Array per state (docs/design-columnar.md,
// step 1): a row per topology device, a column per DeviceMemory field. A state's array is never
// written after its cycle: the next cycle copies it (one memcpy) and works in its own copy, so
// states stay immutable. Inside the cycle every device is read and written through its row
// cursor, an object implementing DeviceMemory with accessors into the array, made once per
// topology and re-pointed at each cycle's array. Nothing keeps a cursor past allocate(): the state
// hands out plain objects (readRow) when its record is read.
//
// Why: at 10,000 devices a new 20-field object per device per cycle (energy changes every second
// while charging) was ~25 % of the cycle in copies and garbage collection (docs/benchmarks.md).
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

/** One cycle's array, shared by a topology's cursors. */
export interface MemoryTable {
  data: Float64Array;
}

const orNull = (v: number): number | null => (v === v ? v : null);
const orNaN = (v: number | null | undefined): number => (v === null || v === undefined ? NaN : v);

/** Device i's memory in the table's array at row i. */
export class MemoryRow implements DeviceMemory {
  readonly #table: MemoryTable;
  readonly #at: number;

  constructor(table: MemoryTable, row: number) {
    this.#table = table;
    this.#at = row * MEMORY_FIELDS;
  }

  get connected(): boolean {
    return this.#table.data[this.#at + CONNECTED] === 1;
  }
  set connected(v: boolean) {
    this.#table.data[this.#at + CONNECTED] = v ? 1 : 0;
  }
  get energyKWh(): number {
    return this.#table.data[this.#at + ENERGY]!;
  }
  set energyKWh(v: number) {
    this.#table.data[this.#at + ENERGY] = v;
  }
  get setpointA(): number {
    return this.#table.data[this.#at + SETPOINT]!;
  }
  set setpointA(v: number) {
    this.#table.data[this.#at + SETPOINT] = v;
  }
  get rampA(): number {
    return this.#table.data[this.#at + RAMP]!;
  }
  set rampA(v: number) {
    this.#table.data[this.#at + RAMP] = v;
  }
  get raiseSinceMs(): number | null {
    return orNull(this.#table.data[this.#at + RAISE_SINCE]!);
  }
  set raiseSinceMs(v: number | null) {
    this.#table.data[this.#at + RAISE_SINCE] = orNaN(v);
  }
  get onSinceMs(): number | null {
    return orNull(this.#table.data[this.#at + ON_SINCE]!);
  }
  set onSinceMs(v: number | null) {
    this.#table.data[this.#at + ON_SINCE] = orNaN(v);
  }
  get offSinceMs(): number | null {
    return orNull(this.#table.data[this.#at + OFF_SINCE]!);
  }
  set offSinceMs(v: number | null) {
    this.#table.data[this.#at + OFF_SINCE] = orNaN(v);
  }
  get pauseStreak(): number {
    return this.#table.data[this.#at + PAUSE_STREAK]!;
  }
  set pauseStreak(v: number) {
    this.#table.data[this.#at + PAUSE_STREAK] = v;
  }
  get dropFromA(): number | null {
    return orNull(this.#table.data[this.#at + DROP_FROM]!);
  }
  set dropFromA(v: number | null) {
    this.#table.data[this.#at + DROP_FROM] = orNaN(v);
  }
  get dropSinceMs(): number | null {
    return orNull(this.#table.data[this.#at + DROP_SINCE]!);
  }
  set dropSinceMs(v: number | null) {
    this.#table.data[this.#at + DROP_SINCE] = orNaN(v);
  }
  get dropStreak(): number {
    return this.#table.data[this.#at + DROP_STREAK]!;
  }
  set dropStreak(v: number) {
    this.#table.data[this.#at + DROP_STREAK] = v;
  }
  get waitingSinceMs(): number | null {
    return orNull(this.#table.data[this.#at + WAITING_SINCE]!);
  }
  set waitingSinceMs(v: number | null) {
    this.#table.data[this.#at + WAITING_SINCE] = orNaN(v);
  }
  get solarActive(): boolean {
    return this.#table.data[this.#at + SOLAR_ACTIVE] === 1;
  }
  set solarActive(v: boolean) {
    this.#table.data[this.#at + SOLAR_ACTIVE] = v ? 1 : 0;
  }
  get solarSinceMs(): number | null {
    return orNull(this.#table.data[this.#at + SOLAR_SINCE]!);
  }
  set solarSinceMs(v: number | null) {
    this.#table.data[this.#at + SOLAR_SINCE] = orNaN(v);
  }
  get unusedSinceMs(): number | null {
    return orNull(this.#table.data[this.#at + UNUSED_SINCE]!);
  }
  set unusedSinceMs(v: number | null) {
    this.#table.data[this.#at + UNUSED_SINCE] = orNaN(v);
  }
  get unusedCapA(): number | null {
    return orNull(this.#table.data[this.#at + UNUSED_CAP]!);
  }
  set unusedCapA(v: number | null) {
    this.#table.data[this.#at + UNUSED_CAP] = orNaN(v);
  }
  get phaseCount(): 1 | 3 {
    return this.#table.data[this.#at + PHASE_COUNT] === 1 ? 1 : 3;
  }
  set phaseCount(v: 1 | 3) {
    this.#table.data[this.#at + PHASE_COUNT] = v;
  }
  get switches(): number {
    return this.#table.data[this.#at + SWITCHES]!;
  }
  set switches(v: number) {
    this.#table.data[this.#at + SWITCHES] = v;
  }
  get switchPauseUntilMs(): number | null {
    return orNull(this.#table.data[this.#at + SWITCH_PAUSE_UNTIL]!);
  }
  set switchPauseUntilMs(v: number | null) {
    this.#table.data[this.#at + SWITCH_PAUSE_UNTIL] = orNaN(v);
  }
  get switchSinceMs(): number | null {
    return orNull(this.#table.data[this.#at + SWITCH_SINCE]!);
  }
  set switchSinceMs(v: number | null) {
    this.#table.data[this.#at + SWITCH_SINCE] = orNaN(v);
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
