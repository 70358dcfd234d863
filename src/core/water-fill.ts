// Max-min fair progressive filling (water-filling) of one priority class, event driven, with steps.
// A water level λ rises from 0. A continuous device (a battery) draws clamp(λ, start, top) (start:
// where it stands, its minimum at first; top: its largest allowed value). A stepped device (a
// charger in 1 A steps, a heat pump's levels) takes its next allowed value when λ reaches it, if
// that fits on every line, else it stops there: so it never has more than the level, and what it
// cannot use stays for the others. Between events every line's load grows linearly in λ, so the
// next event is found analytically: a continuous device joining (λ = start) or reaching its top, a
// line saturating (λ + slack / rate), the neutral saturating (a quadratic) or a step. A saturated
// line freezes every continuous device on it. Cost: O(nnz · log) per fill, plus O(log) per step.
import { IndexedMinHeap } from './min-heap.js';
import { StepQueue } from './step-queue.js';
import { neutralReach } from './neutral.js';
import { EPS, neutralOver, nextUp, type Work } from './solver-work.js';
import { HeadStart } from './water-fill-start.js';

const OUT = 0;
const WAITING = 1;
const ACTIVE = 2;
const FROZEN = 3;
const STEPPED = 4;
const NO_RATE = 1e-12;

export class WaterFill {
  private readonly rate: Float64Array;
  private readonly at: Float64Array;
  private readonly key: Float64Array;
  private readonly head: Int32Array;
  private readonly entryDev: Int32Array;
  private readonly entryNext: Int32Array;
  private readonly state: Uint8Array;
  private readonly start: Float64Array;
  /** Lines by the level at which they saturate (one entry per line whose load rises). */
  private readonly heap: IndexedMinHeap;
  /** Stepped members by the value of their next step. */
  private readonly steps = new StepQueue();
  private members: Int32Array = new Int32Array(0);
  private memberCount = 0;
  private readonly touched: number[] = [];
  private readonly neutralMembers: number[] = [];
  private readonly byStart: number[] = [];
  private readonly byTop: number[] = [];
  private readonly byStartOrder: (a: number, b: number) => number;
  private readonly byTopOrder: (a: number, b: number) => number;
  private nextStart = 0;
  private nextTop = 0;
  private lambda = 0;
  // The neutral's phasor moves at (wRe, wIm) per unit of λ from (zRe, zIm) at λ = zAt.
  private wRe = 0;
  private wIm = 0;
  private zAt = 0;
  private neutralKey = Infinity;
  /** The value a stepped device steps to, then its value after that (step()). */
  private stepA = 0;
  /** Whether the neutral has stopped some device (then room may reopen later: solver.ts). */
  neutralStopped = false;
  /** Steps taken as a head start since reset() (water-fill-start.ts), not as events. */
  headStartSteps = 0;
  private readonly headStart: HeadStart;

  /** For a Work and every later refill of it (its arrays keep their sizes). */
  constructor(private readonly w: Work) {
    const lines = w.load.length;
    this.rate = new Float64Array(lines);
    this.at = new Float64Array(lines);
    this.key = new Float64Array(lines).fill(Infinity);
    this.head = new Int32Array(lines).fill(-1);
    this.entryDev = new Int32Array(w.loadLine.length);
    this.entryNext = new Int32Array(w.loadLine.length);
    this.state = new Uint8Array(w.n);
    this.start = new Float64Array(w.n);
    this.heap = new IndexedMinHeap(lines);
    this.headStart = new HeadStart(lines, w.n);
    const start = this.start;
    const top = w.top;
    this.byStartOrder = (a, b) => start[a]! - start[b]! || a - b;
    this.byTopOrder = (a, b) => top[a]! - top[b]! || a - b;
  }

  /** Ready for a new solve of the Work (fill leaves it clean; this also clears what a throw left). */
  reset(): void {
    this.rate.fill(0);
    this.key.fill(Infinity);
    this.head.fill(-1);
    this.state.fill(OUT);
    this.heap.clear();
    this.steps.clear();
    this.memberCount = 0;
    this.neutralStopped = false;
    this.headStartSteps = 0;
  }

  /**
   * Fills members[0 .. count) (on, below their top) from where they stand to the max-min fair
   * point. The buffer is read during the call only.
   */
  fill(members: Int32Array, count: number): void {
    this.begin(members, count);
    this.run();
    this.end();
  }

  private begin(members: Int32Array, count: number): void {
    const { w, state, start, head, entryDev, entryNext } = this;
    this.headStartSteps += this.headStart.raise(w, members, count);
    this.members = members;
    this.memberCount = count;
    // The fill's lists are the same arrays every fill, emptied (setting a length costs a call).
    emptied(this.touched);
    emptied(this.neutralMembers);
    const rising = emptied(this.byStart);
    for (let m = 0; m < count; m++) {
      const d = members[m]!;
      w.binding[d] = -1;
      if (w.stepA[d] !== 0 || w.levels[d]) {
        state[d] = STEPPED;
        const next = nextUp(w, d, w.x[d]!);
        if (!Number.isNaN(next)) this.steps.push(next, d);
        continue;
      }
      rising.push(d);
      state[d] = WAITING;
      start[d] = w.x[d]!;
      for (let k = w.loadStart[d]!; k < w.loadStart[d + 1]!; k++) {
        const l = w.loadLine[k]!;
        if (head[l] === -1) this.touched.push(l);
        entryDev[k] = d;
        entryNext[k] = head[l]!;
        head[l] = k;
      }
      if (w.neutral && (w.neutral.vRe[d] !== 0 || w.neutral.vIm[d] !== 0)) this.neutralMembers.push(d);
    }
    const byTop = emptied(this.byTop);
    for (let k = 0; k < rising.length; k++) byTop.push(rising[k]!);
    rising.sort(this.byStartOrder);
    byTop.sort(this.byTopOrder);
    this.nextStart = 0;
    this.nextTop = 0;
    this.lambda = 0;
    this.wRe = 0;
    this.wIm = 0;
    this.zAt = 0;
    this.neutralKey = Infinity;
  }

  /** Raises the level until nothing can rise, handling the events on the way in order. */
  private run(): void {
    const { w, state, start, heap } = this;
    for (;;) {
      while (this.nextStart < this.byStart.length && state[this.byStart[this.nextStart]!] !== WAITING) {
        this.nextStart++;
      }
      while (this.nextTop < this.byTop.length && state[this.byTop[this.nextTop]!] === FROZEN) this.nextTop++;
      const tStart = this.nextStart < this.byStart.length ? start[this.byStart[this.nextStart]!]! : Infinity;
      const tTop = this.nextTop < this.byTop.length ? w.top[this.byTop[this.nextTop]!]! : Infinity;
      const tLine = heap.peekKey();
      const tStep = this.steps.peekKey();
      const t = Math.min(tStart, tTop, tLine, this.neutralKey, tStep);
      if (t === Infinity) return;
      this.lambda = Math.max(this.lambda, t);
      if (tTop === t) {
        this.freeze(this.byTop[this.nextTop]!, -1);
      } else if (tLine === t) {
        const l = heap.peekId();
        heap.pop();
        this.saturate(l);
      } else if (this.neutralKey === t) {
        this.saturateNeutral();
      } else if (tStep === t) {
        // The device's entry is replaced by its next value (one sift instead of a pop and a push).
        const d = this.steps.peekId();
        this.stepA = t;
        if (this.step(d)) this.steps.replaceTop(this.stepA, d);
        else this.steps.pop();
      } else {
        const d = this.byStart[this.nextStart]!;
        state[d] = ACTIVE;
        this.setRate(d, +1);
      }
    }
  }

  /**
   * A stepped device takes its next value (this.stepA) if it fits on every line now, else stops
   * for good. Returns whether it has a value after that, left in this.stepA (its next event).
   * Doubles go through a field: passing them as arguments would box one per step.
   */
  private step(d: number): boolean {
    const { w } = this;
    const next = this.stepA;
    const { loadStart, loadLine, loadCoef, load, capacity } = w;
    const delta = next - w.x[d]!;
    const from = loadStart[d]!;
    const to = loadStart[d + 1]!;
    for (let k = from; k < to; k++) {
      const l = loadLine[k]!;
      this.catchUpLine(l);
      if (load[l]! + loadCoef[k]! * delta > capacity[l]! + EPS) {
        // Lines only fill up, so it could not later either (the neutral aside: see solver.ts).
        w.binding[d] = l;
        return false;
      }
    }
    const nw = w.neutral;
    const onNeutral = nw !== null && (nw.vRe[d] !== 0 || nw.vIm[d] !== 0);
    if (onNeutral) {
      this.catchUpNeutral();
      if (neutralOver(nw, delta * nw.vRe[d]!, delta * nw.vIm[d]!)) {
        w.binding[d] = nw.line;
        this.neutralStopped = true;
        return false;
      }
    }
    w.x[d] = next;
    for (let k = from; k < to; k++) {
      const l = loadLine[k]!;
      load[l] = load[l]! + loadCoef[k]! * delta;
      if (this.rate[l] !== 0) this.rekey(l);
    }
    if (onNeutral) {
      nw.zRe += delta * nw.vRe[d]!;
      nw.zIm += delta * nw.vIm[d]!;
      this.rekeyNeutral();
    }
    this.stepA = nextUp(w, d, next);
    return !Number.isNaN(this.stepA);
  }

  /** Freezes the members still rising at the current level and releases the buffers. */
  private end(): void {
    const { state, head, rate, key, members } = this;
    const count = this.memberCount;
    for (let m = 0; m < count; m++) if (state[members[m]!] === ACTIVE) this.freeze(members[m]!, -1);
    for (let m = 0; m < count; m++) state[members[m]!] = OUT;
    for (const l of this.touched) {
      this.catchUpLine(l);
      head[l] = -1;
      rate[l] = 0;
      key[l] = Infinity;
    }
    this.catchUpNeutral();
    this.heap.clear();
    this.steps.clear();
    this.memberCount = 0;
  }

  private catchUpLine(l: number): void {
    const { w, rate, at } = this;
    if (rate[l] !== 0) w.load[l] = w.load[l]! + rate[l]! * (this.lambda - at[l]!);
    at[l] = this.lambda;
  }

  private catchUpNeutral(): void {
    const nw = this.w.neutral;
    if (!nw) return;
    nw.zRe += this.wRe * (this.lambda - this.zAt);
    nw.zIm += this.wIm * (this.lambda - this.zAt);
    this.zAt = this.lambda;
  }

  private rekey(l: number): void {
    const { w, rate, key } = this;
    if (rate[l]! < NO_RATE) {
      rate[l] = 0;
      key[l] = Infinity;
      this.heap.remove(l);
      return;
    }
    key[l] = this.lambda + Math.max(0, w.capacity[l]! - w.load[l]!) / rate[l]!;
    this.heap.set(l, key[l]!);
  }

  private rekeyNeutral(): void {
    const nw = this.w.neutral;
    if (!nw) return;
    this.neutralKey = this.lambda + neutralReach(nw.zRe, nw.zIm, this.wRe, this.wIm, nw.capacityA);
  }

  private setRate(d: number, sign: number): void {
    const { w, rate } = this;
    for (let k = w.loadStart[d]!; k < w.loadStart[d + 1]!; k++) {
      const l = w.loadLine[k]!;
      this.catchUpLine(l);
      rate[l] = rate[l]! + sign * w.loadCoef[k]!;
      this.rekey(l);
    }
    const nw = w.neutral;
    if (nw && (nw.vRe[d] !== 0 || nw.vIm[d] !== 0)) {
      this.catchUpNeutral();
      this.wRe += sign * nw.vRe[d]!;
      this.wIm += sign * nw.vIm[d]!;
      this.rekeyNeutral();
    }
  }

  private freeze(d: number, line: number): void {
    this.state[d] = FROZEN;
    this.w.x[d] = this.lambda;
    this.w.binding[d] = line;
    this.setRate(d, -1);
  }

  /** A saturated line freezes its rising members; those not yet rising stay where they are. */
  private saturate(l: number): void {
    const { state, entryDev, entryNext } = this;
    this.catchUpLine(l);
    for (let e = this.head[l]!; e !== -1; e = entryNext[e]!) {
      const d = entryDev[e]!;
      if (state[d] === ACTIVE) this.freeze(d, l);
      else if (state[d] === WAITING) {
        state[d] = FROZEN;
        this.w.binding[d] = l;
      }
    }
  }

  /**
   * Freezes the members whose rise would push the neutral current up (gradient Re(z̄·v) ≥ 0), the
   * rising ones where they are and the waiting ones at their start, as a saturated line does; those
   * that pull it down may go on. Room they make later is handed out by the leftover pass.
   */
  private saturateNeutral(): void {
    const nw = this.w.neutral;
    if (!nw) return;
    this.neutralStopped = true;
    this.catchUpNeutral();
    const zAbs = Math.hypot(nw.zRe, nw.zIm);
    let frozen = 0;
    for (const d of this.neutralMembers) {
      const state = this.state[d];
      if (state !== ACTIVE && state !== WAITING) continue;
      const gradient = nw.zRe * nw.vRe[d]! + nw.zIm * nw.vIm[d]!;
      if (gradient < -1e-9 * zAbs * Math.hypot(nw.vRe[d]!, nw.vIm[d]!)) continue;
      if (state === ACTIVE) {
        this.freeze(d, nw.line);
        frozen++;
      } else {
        this.state[d] = FROZEN;
        this.w.binding[d] = nw.line;
      }
    }
    if (frozen === 0) {
      for (const d of this.neutralMembers) if (this.state[d] === ACTIVE) this.freeze(d, nw.line);
      this.neutralKey = Infinity;
    }
  }
}

function emptied(list: number[]): number[] {
  if (list.length !== 0) list.length = 0;
  return list;
}
