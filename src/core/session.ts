// A device's memory at the start of a cycle: a cold start, a new session (plugged in), or the
// last cycle's memory with this interval's energy added and the unused-offer clock advanced.
import type { SiteSettings } from '../site/schema.js';
import {
  drawInto,
  hasMeasured,
  inputColumns,
  measured,
  wiringColumns,
  type DeviceDraws,
  type InputColumns,
  type WiringColumns,
} from './estimate.js';
import { planColumns, type PlanColumns } from './modes.js';
import { offerStepInto, type OfferMemory } from './offer.js';
import { quantiseDown } from './ramp.js';
import { MEMORY_FIELDS, memoryTable, MemoryRow, writeRow, type MemoryTable } from './memory-table.js';
import { copyMemory, freshMemory, type DeviceMemory } from './state.js';
import type { DeviceRange, Topology, TopologyDevice } from './topology.js';

/**
 * Every device's start of the cycle, indexed by topology device index: one set per topology,
 * reused every cycle (allocate() fills it and reads it within the same call; nothing of it
 * leaves allocate() but the memories, which are new or shared objects, never the arrays).
 */
export interface Starts extends DeviceDraws, WiringColumns, PlanColumns, InputColumns {
  memory: DeviceMemory[];
  connected: Uint8Array;
  /**
   * 1 when memory[i] is this cycle's own copy (decide may update it in place); 0 when it is the
   * previous state's object, shared because nothing changed yet (copy before changing it).
   */
  owned: Uint8Array;
  /** 1 for a charger (fixed by the configuration; read here rather than from each device's config). */
  charger: Uint8Array;
  /** The ids are unique (a checked configuration's are): a state's memories can go by position. */
  uniqueIds: boolean;
  /** The devices' ids, in topology order. */
  ids: string[];
  /**
   * Its plan's range in columns, for the passes over every device (decide reads them there rather
   * than from the range object and its boxed numbers: three cache misses per device at 10,000).
   * Refilled when the plan's range is another object than last cycle's (ranges are never changed
   * in place); `rangeOf` holds the range each row was filled from.
   */
  minA: Float64Array;
  maxA: Float64Array;
  stepA: Float64Array;
  /** 1 when the range is a list of levels. */
  discrete: Uint8Array;
  rangeOf: (DeviceRange | null)[];
  /** Scratch for the unused-offer clock of the device at hand. */
  offer: OfferMemory;
  /**
   * A large site's memories in columns (memory-table.ts): this cycle's array and each device's
   * row cursor; null for a small site, whose memories are objects shared or copied per device.
   */
  table: MemoryTable | null;
  rows: MemoryRow[] | null;
  /** With columns: 1 for a device with a previous memory this cycle, 0 for a cold start. */
  hasPrevious: Uint8Array;
}

/**
 * From this many devices (with unique ids) a topology keeps its memories in columns; below, the
 * objects cost less (the simulator's 3-device site). Read when a topology's Starts are made:
 * the differential tests set it to 0 or Infinity to run the same sites both ways.
 */
export const COLUMNS = { fromDevices: 65 };

const scratch = new WeakMap<Topology, Starts>();

/** The Starts of a topology (made once per topology). */
export function startsOf(topology: Topology): Starts {
  let s = scratch.get(topology);
  if (!s) {
    const n = topology.devices.length;
    s = {
      ...wiringColumns(topology),
      ...planColumns(topology),
      ...inputColumns(n),
      memory: new Array<DeviceMemory>(n),
      connected: new Uint8Array(n),
      owned: new Uint8Array(n),
      estimateA: new Float64Array(3 * n),
      estimateW: new Float64Array(n),
      drawingA: new Float64Array(n),
      charger: Uint8Array.from(topology.devices, (d) => (d.config.kind === 'charger' ? 1 : 0)),
      uniqueIds: new Set(topology.devices.map((d) => d.id)).size === n,
      ids: topology.devices.map((d) => d.id),
      minA: new Float64Array(n),
      maxA: new Float64Array(n),
      stepA: new Float64Array(n),
      discrete: new Uint8Array(n),
      rangeOf: new Array<DeviceRange | null>(n).fill(null),
      offer: { unusedSinceMs: null, unusedCapA: null },
      table: null,
      rows: null,
      hasPrevious: new Uint8Array(n),
    };
    if (n >= COLUMNS.fromDevices && s.uniqueIds) {
      const table = memoryTable(n);
      s.table = table;
      s.rows = Array.from({ length: n }, (_, i) => new MemoryRow(table, i));
    }
    scratch.set(topology, s);
  }
  return s;
}

/**
 * A large site's table for this cycle: the previous state's array when it is one of this
 * topology's (by position; not copied again when the working array still holds it), else rows read
 * by id from the state's record. `out.hasPrevious` marks, by topology index, the devices that have
 * a previous memory (1) and those that start cold (0). The table is not clean until the cycle's end
 * (tableState): a cycle that throws half-way leaves it to be copied anew.
 */
export function beginTable(
  out: Starts,
  previousData: Float64Array | null,
  record: Readonly<Record<string, DeviceMemory>>,
): void {
  const table = out.table!;
  const hasPrevious = out.hasPrevious;
  const n = out.ids.length;
  const work = table.work;
  if (previousData !== null && previousData.length === n * MEMORY_FIELDS) {
    if (table.clean !== previousData) work.set(previousData);
    table.clean = null;
    hasPrevious.fill(1);
    return;
  }
  table.clean = null;
  work.fill(0);
  for (let i = 0; i < n; i++) {
    const before = record[out.ids[i]!];
    hasPrevious[i] = before === undefined ? 0 : 1;
    if (before !== undefined) writeRow(work, i, before);
  }
}

/**
 * Device i's start of the cycle into `out`, from its input in out's input columns (gatherInputs).
 * @param share the previous memory came from allocate() itself (every field, nothing else), so
 * an unchanged one may be kept as it is rather than copied.
 */
export function startDevice(
  device: TopologyDevice,
  i: number,
  out: Starts,
  previous: DeviceMemory | undefined,
  site: SiteSettings,
  nowMs: number,
  elapsedS: number,
  share: boolean,
): void {
  const connected = out.inConnected[i] === 1;
  let memory: DeviceMemory;
  if (previous === undefined) {
    // Cold start (docs/algorithm.md "Cold start"): what it draws now stands for the last setpoint,
    // and the increase delay counts as served, so it may go to its minimum at once and ramp on.
    drawInto(out, i, false, Infinity);
    const probeA = out.drawingA[i]!;
    const drawing = connected ? allowedAtOrBelow(device.wiring.range, Number.isNaN(probeA) ? 0 : probeA) : 0;
    memory = freshMemory(connected, drawing, 3);
    memory.raiseSinceMs = nowMs - site.increaseDelayS * 1000;
    if (drawing > 0) memory.onSinceMs = nowMs;
  } else if (previous.connected !== connected) {
    memory = freshMemory(connected, 0, 3);
  } else {
    memory = previous;
  }
  // Its wiring now (one phase after a 1p switch), from the topology's columns (estimate.ts).
  const one = memory.phaseCount === 1 && out.oneCount[i]! > 0;
  drawInto(out, i, one, connected ? memory.setpointA : 0);
  const drawingA = out.drawingA[i]!;

  let energyKWh = memory.energyKWh;
  if (out.hasEnergy[i] === 1) energyKWh = out.inEnergyKWh[i]!;
  else if (connected && elapsedS > 0) {
    let perPhaseA = memory.setpointA;
    if (hasMeasured()) {
      const phases = one ? out.onePhases : out.fullPhases;
      const count = one ? out.oneCount[i]! : out.fullCount[i]!;
      let sum = 0;
      for (let k = 0; k < count; k++) sum += measured[phases[3 * i + k]!]!;
      perPhaseA = sum / count;
    }
    const wattsPerA = one ? out.oneWattsPerA[i]! : out.fullWattsPerA[i]!;
    energyKWh += (perPhaseA * wattsPerA * elapsedS) / 3.6e6;
  }
  let unusedSinceMs: number | null = null;
  let unusedCapA: number | null = null;
  if (out.charger[i] === 1 && connected) {
    const drawn = Number.isNaN(drawingA) ? null : drawingA;
    const minA = one ? out.oneMinA[i]! : out.fullMinA[i]!;
    const offer = offerStepInto(memory, memory.setpointA, drawn, minA, nowMs, out.offer);
    unusedSinceMs = offer.unusedSinceMs;
    unusedCapA = offer.unusedCapA;
  }
  out.connected[i] = connected ? 1 : 0;
  const rows = out.rows;
  let next: DeviceMemory;
  if (rows !== null) {
    // Columns: this cycle's row is its own (a copy of the last state's array): updated in place.
    next = rows[i]!;
    if (memory !== next) writeRow(out.table!.work, i, memory);
  } else if (
    share &&
    memory === previous &&
    Object.is(energyKWh, memory.energyKWh) &&
    Object.is(unusedSinceMs, memory.unusedSinceMs) &&
    Object.is(unusedCapA, memory.unusedCapA)
  ) {
    // Structural sharing: an unchanged memory stays the same object (states are never mutated).
    out.memory[i] = memory;
    out.owned[i] = 0;
    return;
  } else {
    next = memory === previous ? copyMemory(memory) : memory;
  }
  next.connected = connected;
  next.energyKWh = energyKWh;
  next.unusedSinceMs = unusedSinceMs;
  next.unusedCapA = unusedCapA;
  out.memory[i] = next;
  out.owned[i] = 1;
}

/** Device i's range into the columns, when it is another object than the one they hold. */
export function rangeColumns(out: Starts, i: number, range: DeviceRange): void {
  if (out.rangeOf[i] === range) return;
  out.rangeOf[i] = range;
  out.minA[i] = range.minA;
  out.maxA[i] = range.maxA;
  out.stepA[i] = range.stepA;
  out.discrete[i] = range.levelsA !== undefined ? 1 : 0;
}

/** The largest allowed current at or below x (0 when under the minimum). */
function allowedAtOrBelow(range: DeviceRange, x: number): number {
  if (x <= 0) return 0;
  const capped = Math.min(x, range.maxA);
  if (range.levelsA) return [...range.levelsA].reverse().find((l) => l <= capped + 1e-9) ?? 0;
  if (capped < range.minA - 1e-9) return 0;
  return quantiseDown(capped, range.minA, range.stepA);
}
