// A water-fill's head start (issue 3, docs/algorithm-solver.md "Head start"): before the events,
// every stepped member takes at once the steps that no line can refuse, instead of one event each.
//
// Why the answer stays the same. In a fill the level λ rises and a member never holds more than
// max(where it started, λ): a stepped one takes a value when λ reaches it, a continuous one draws
// clamp(λ, start, top). So while λ ≤ Λ, line l carries at most load_l + f_l(Λ), where
//     f_l(λ) = Σ a_m · max(0, λ − x_m)    over its members m with a coefficient a_m > 0.
// f_l is R_l · (λ − x̄_l) once λ ≥ high_l, and at most R_l · (λ − low_l) everywhere (R_l = Σ a_m,
// x̄_l the a-weighted mean of the members' starts, high_l and low_l the highest and lowest start).
// Every check on l passes while load_l + f_l(λ) ≤ capacity_l − margin, so at least up to
//     Λ_l = x̄_l + room_l / R_l   when that is ≥ high_l,   else Λ_l = low_l + room_l / R_l,
// with room_l = capacity_l − margin − load_l.
// The neutral current is not a line that only fills up (a load on another phase can lower it), so
// it gets the same bound through the triangle inequality: |z + Σ δ_m·v_m| ≤ |z| + Σ |v_m|·δ_m, that
// is, a pseudo-line with load |z| and coefficient |v_m| (the member's phasor per amp), which ignores
// every cancellation between phases and so holds whatever the order of the steps.
// A stepped member d takes, one after another, every value up to Λ_d, the least Λ over its lines
// (and the neutral's, if it is on it): the events would have given it each of those steps, since
// nothing of its can refuse one below Λ_d. Taking them early changes no other member's outcome:
// below Λ_l every check on l passes either way (the bound holds with the early steps too, as d stays
// ≤ Λ_d ≤ Λ_l), no line of d, nor the neutral, can saturate below its Λ, and above Λ_d, d stands
// where the events would have put it, with the same next step. The margin keeps float noise (sums of
// thousands of currents) far from the checks' EPS.
// What changes is the order in which a line's load is added up: its last bits, and with them a
// continuous device's current where a line saturates (solver.differential.test.ts allows 1e-9).
import { EPS, roundA, type Work } from './solver-work.js';

export class HeadStart {
  /** Per line, over the fill's members on it (valid where stamp is the fill's): R, Σ a·x, low, high, Λ. */
  private readonly rate: Float64Array;
  private readonly weighted: Float64Array;
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  private readonly reach: Float64Array;
  private readonly stamp: Int32Array;
  /** The lines the fill's members are on, lines[0 .. lineCount) (a typed array: emptying an array allocates anew). */
  private readonly lines: Int32Array;
  private fills = 0;

  /** Per device: the fill that has it as a member (its passes go in device order: see raise). */
  private readonly member: Int32Array;

  constructor(lineCount: number, deviceCount: number) {
    this.member = new Int32Array(deviceCount);
    this.rate = new Float64Array(lineCount);
    this.weighted = new Float64Array(lineCount);
    this.low = new Float64Array(lineCount);
    this.high = new Float64Array(lineCount);
    this.reach = new Float64Array(lineCount).fill(Infinity);
    this.stamp = new Int32Array(lineCount);
    this.lines = new Int32Array(lineCount);
  }

  /**
   * Raises each stepped member of members[0 .. count) through every allowed value up to its Λ_d
   * (w.x, the loads and the neutral's phasor). Returns how many steps that took.
   */
  raise(w: Work, members: Int32Array, count: number): number {
    const { rate, weighted, low, high, reach, stamp, lines } = this;
    const { loadStart, loadLine, loadCoef, load, capacity, x } = w;
    const fill = ++this.fills;
    // The members come in service order, a shuffle of the devices; the passes below go in device
    // order instead, so that every per-device array and the rows are read front to back (the
    // answer does not depend on the order: every bound is made before any device moves).
    const member = this.member;
    for (let m = 0; m < count; m++) member[members[m]!] = fill;
    const n = w.n;
    let touched = 0;
    for (let d = 0; d < n; d++) {
      if (member[d] !== fill) continue;
      const xd = x[d]!;
      for (let k = loadStart[d]!; k < loadStart[d + 1]!; k++) {
        const l = loadLine[k]!;
        const a = loadCoef[k]!;
        if (stamp[l] !== fill) {
          stamp[l] = fill;
          rate[l] = 0;
          weighted[l] = 0;
          low[l] = Infinity;
          high[l] = -Infinity;
          lines[touched++] = l;
        }
        if (a <= 0) continue;
        rate[l] = rate[l]! + a;
        weighted[l] = weighted[l]! + a * xd;
        if (xd < low[l]!) low[l] = xd;
        if (xd > high[l]!) high[l] = xd;
      }
    }
    for (let j = 0; j < touched; j++) {
      const l = lines[j]!;
      const r = rate[l]!;
      if (!(r > 0)) {
        reach[l] = Infinity;
        continue;
      }
      const cap = capacity[l]!;
      const room = cap - (MARGIN + MARGIN_PER_UNIT * Math.abs(cap)) - load[l]!;
      reach[l] = boundOf(r, weighted[l]!, low[l]!, high[l]!, room);
    }
    const nw = w.neutral;
    const neutralReach = nw === null ? Infinity : this.neutralReach(w, fill);
    let steps = 0;
    for (let d = 0; d < n; d++) {
      if (member[d] !== fill) continue;
      if (w.stepA[d] === 0 && !w.levels[d]) continue;
      const onNeutral = nw !== null && (nw.vRe[d] !== 0 || nw.vIm[d] !== 0);
      const from = loadStart[d]!;
      const to = loadStart[d + 1]!;
      let bound = onNeutral ? neutralReach : Infinity;
      for (let k = from; k < to; k++) {
        const r = reach[loadLine[k]!]!;
        if (r < bound) bound = r;
      }
      const before = x[d]!;
      // The same values, by the same arithmetic, as the events would have given it one at a time
      // (solver-work.ts nextUp, written out here: a double returned from a call is boxed).
      let v = before;
      const levels = w.levels[d];
      if (levels) {
        for (let j = 0; j < levels.length; j++) {
          const level = levels[j]!;
          if (!(level > v + EPS)) continue;
          if (!(level <= bound)) break;
          v = level;
          steps++;
        }
      } else {
        const step = w.stepA[d]!;
        const top = w.top[d]! + EPS;
        for (;;) {
          const next = roundA(v + step);
          if (!(next <= top && next <= bound)) break;
          v = next;
          steps++;
        }
      }
      if (v === before) continue;
      x[d] = v;
      const delta = v - before;
      for (let k = from; k < to; k++) {
        const l = loadLine[k]!;
        load[l] = load[l]! + loadCoef[k]! * delta;
      }
      if (onNeutral) {
        nw.zRe += delta * nw.vRe[d]!;
        nw.zIm += delta * nw.vIm[d]!;
      }
    }
    return steps;
  }

  /** Λ of the neutral as a pseudo-line: load |z|, each member's coefficient |v| (see the top). */
  private neutralReach(w: Work, fill: number): number {
    const nw = w.neutral!;
    const member = this.member;
    let rate = 0;
    let weighted = 0;
    let low = Infinity;
    let high = -Infinity;
    for (let d = 0; d < w.n; d++) {
      if (member[d] !== fill) continue;
      const vRe = nw.vRe[d]!;
      const vIm = nw.vIm[d]!;
      if (vRe === 0 && vIm === 0) continue;
      const a = Math.sqrt(vRe * vRe + vIm * vIm);
      const xd = w.x[d]!;
      rate += a;
      weighted += a * xd;
      if (xd < low) low = xd;
      if (xd > high) high = xd;
    }
    if (!(rate > 0)) return Infinity;
    const cap = nw.capacityA;
    const z = Math.sqrt(nw.zRe * nw.zRe + nw.zIm * nw.zIm);
    const room = cap - (MARGIN + MARGIN_PER_UNIT * Math.abs(cap)) - z;
    return boundOf(rate, weighted, low, high, room);
  }
}

/** Λ from R, Σ a·x, the lowest and highest start and the room (see the top). */
function boundOf(rate: number, weighted: number, low: number, high: number, room: number): number {
  const above = weighted / rate + room / rate;
  return above >= high ? above : low + room / rate;
}

/** Kept free under the bound, in the line's unit: far above float noise, far below a step. */
const MARGIN = 1e-6;
const MARGIN_PER_UNIT = 1e-9;
