// Reason texts kept from cycle to cycle, one set per topology (allocate.ts): many devices share a
// line and most lines keep their numbers from one second to the next, so "limited by c12 L2:
// 4.2 A headroom shared by 3" is built once and handed out again while its inputs stay the same.
// The words come from reasons.ts only; this file decides when they can be reused.
import type { LineKind } from './problem.js';
import {
  amps,
  limitReason,
  seconds,
  solarMinimumReason,
  type LineView,
  type ReasonContext,
} from './reasons.js';

/** Texts kept per cache at most (countdowns and maxima are few; this only bounds the odd case). */
const MAX_KEPT = 10_000;
/** A line's texts kept in the flat arrays (one per priority class on it); more go to a Map. */
const SLOTS = 4;

export class ReasonTexts {
  // Per line index: what its texts were made from, and its texts by priority (arrays sized once:
  // filling them out of order would make them slow dictionaries).
  private readonly kind: (LineKind | null)[];
  private readonly label: (string | null)[];
  private readonly capacityA: Float64Array;
  private readonly sharing: Int32Array;
  private readonly topPriority: Float64Array;
  private readonly context: (string | number | null)[];
  private readonly context2: (number | null)[];
  /**
   * Per line, the priorities it has texts for and the texts, at SLOTS·line + k for k < slotCount
   * (emptied when its inputs change): flat arrays, as every device bound by a line looks its text
   * up here, and an array per line was two more cache misses per device at 10,000 devices.
   */
  private readonly slotCount: Uint8Array;
  private readonly slotPriority: Float64Array;
  private readonly slotText: string[];
  /** A line's texts for priorities past its SLOTS (null for none). */
  private readonly more: (Map<number, string> | null)[];
  private readonly checked: Int32Array;
  private stamp = 1;
  /** "paused: minimum off time, 42 s left" and "paused after a phase switch, …" by whole seconds. */
  private readonly minOffTexts = new Map<number, string>();
  private readonly switchPauseTexts = new Map<number, string>();
  /** "at maximum 16 A" by the target (a device's maximum, or an unused offer's cap). */
  private readonly maximumTexts = new Map<number, string>();
  /** "solar: … surplus < … : at minimum …" by minimum W, then minimum A, for solarSurplusW. */
  private readonly solarMinimumTexts = new Map<number, Map<number, string>>();
  private solarSurplusW = NaN;

  constructor(lineCount: number) {
    this.kind = new Array<LineKind | null>(lineCount).fill(null);
    this.label = new Array<string | null>(lineCount).fill(null);
    this.capacityA = new Float64Array(lineCount);
    this.sharing = new Int32Array(lineCount);
    this.topPriority = new Float64Array(lineCount);
    this.context = new Array<string | number | null>(lineCount).fill(null);
    this.context2 = new Array<number | null>(lineCount).fill(null);
    this.slotCount = new Uint8Array(lineCount);
    this.slotPriority = new Float64Array(SLOTS * lineCount);
    this.slotText = new Array<string>(SLOTS * lineCount).fill('');
    this.more = new Array<Map<number, string> | null>(lineCount).fill(null);
    this.checked = new Int32Array(lineCount).fill(-1);
  }

  /** A new cycle: each line's texts are checked against its inputs again (once). */
  nextCycle(): void {
    this.stamp++;
  }

  /** reasons.ts limitReason(view, ctx, priority), made once while its inputs stay the same. */
  limit(line: number, view: LineView, ctx: ReasonContext, priority: number): string {
    if (this.checked[line] !== this.stamp) {
      this.validate(line, view, ctx);
      this.checked[line] = this.stamp;
    }
    const count = this.slotCount[line]!;
    const at = SLOTS * line;
    for (let k = 0; k < count; k++) if (this.slotPriority[at + k] === priority) return this.slotText[at + k]!;
    if (count < SLOTS) {
      const text = limitReason(view, ctx, priority);
      this.slotPriority[at + count] = priority;
      this.slotText[at + count] = text;
      this.slotCount[line] = count + 1;
      return text;
    }
    const more = (this.more[line] ??= new Map());
    let text = more.get(priority);
    if (text === undefined) {
      text = limitReason(view, ctx, priority);
      more.set(priority, text);
    }
    return text;
  }

  /** Empties the line's texts when what they were made from changed. */
  private validate(line: number, view: LineView, ctx: ReasonContext): void {
    // What, besides the view, limitReason reads for this kind of line.
    let context: string | number | null = null;
    let context2: number | null = null;
    switch (view.kind) {
      case 'phase':
        context = ctx.schedule;
        break;
      case 'peak':
        context = ctx.quarter ? ctx.quarter.targetW : null;
        context2 = ctx.quarter ? ctx.quarter.remainingS : null;
        break;
      case 'surplus':
      case 'surplusStart':
        context = ctx.surplusW;
        break;
    }
    if (
      this.kind[line] === view.kind &&
      this.label[line] === view.label &&
      this.capacityA[line] === view.capacityA &&
      this.sharing[line] === view.sharing &&
      this.topPriority[line] === view.topPriority &&
      this.context[line] === context &&
      this.context2[line] === context2
    ) {
      return;
    }
    this.slotCount[line] = 0;
    this.more[line] = null;
    this.kind[line] = view.kind;
    this.label[line] = view.label;
    this.capacityA[line] = view.capacityA;
    this.sharing[line] = view.sharing;
    this.topPriority[line] = view.topPriority;
    this.context[line] = context;
    this.context2[line] = context2;
  }

  /** "at maximum 16 A". */
  atMaximum(targetA: number): string {
    let text = this.maximumTexts.get(targetA);
    if (text === undefined) {
      text = `at maximum ${amps(targetA)}`;
      if (this.maximumTexts.size >= MAX_KEPT) this.maximumTexts.clear();
      this.maximumTexts.set(targetA, text);
    }
    return text;
  }

  /** reasons.ts solarMinimumReason, kept while the surplus stays the same (minpv devices share it). */
  solarMinimum(surplusW: number, minA: number, minW: number): string {
    if (!Object.is(surplusW, this.solarSurplusW)) {
      this.solarMinimumTexts.clear();
      this.solarSurplusW = surplusW;
    }
    let byA = this.solarMinimumTexts.get(minW);
    if (byA === undefined) {
      if (this.solarMinimumTexts.size >= MAX_KEPT) this.solarMinimumTexts.clear();
      byA = new Map();
      this.solarMinimumTexts.set(minW, byA);
    }
    let text = byA.get(minA);
    if (text === undefined) {
      text = solarMinimumReason(surplusW, minA, minW);
      byA.set(minA, text);
    }
    return text;
  }

  /** "paused: minimum off time, N s left". */
  minOff(leftS: number): string {
    return countdown(this.minOffTexts, 'paused: minimum off time, ', leftS);
  }

  /** "paused after a phase switch, N s left". */
  switchPause(leftS: number): string {
    return countdown(this.switchPauseTexts, 'paused after a phase switch, ', leftS);
  }
}

/** `${prefix}${seconds(leftS)} left`, kept by the whole seconds it shows (a bounded countdown). */
function countdown(texts: Map<number, string>, prefix: string, leftS: number): string {
  const whole = Math.ceil(leftS - 1e-9);
  let text = texts.get(whole);
  if (text === undefined) {
    text = `${prefix}${seconds(leftS)} left`;
    if (texts.size < MAX_KEPT) texts.set(whole, text);
  }
  return text;
}
