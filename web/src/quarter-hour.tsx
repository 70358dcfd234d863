// The quarter hour the capacity tariff bills: the running average import against its target,
// where it is heading if the import stays as it is now, what may still be imported, and the
// month's peak so far (the bill's basis).
import { duration, watts, width } from './format.js';
import type { LiveState } from './types.js';

const QUARTER_S = 900;

/** The quarter's average if the import stayed as it is now until the quarter ends. */
export function projectedW(averageSoFarW: number, elapsedS: number, importNowW: number): number {
  const doneS = Math.min(QUARTER_S, Math.max(0, elapsedS));
  return (averageSoFarW * doneS + importNowW * (QUARTER_S - doneS)) / QUARTER_S;
}

export function QuarterHour({ state }: { state: LiveState }) {
  const q = state.quarterHour;
  const peakW = state.monthPeakW;
  if (!q) {
    return (
      <section class="panel" data-testid="quarter-hour">
        <h2>Quarter hour</h2>
        <p class="muted">Peak control is off.</p>
        <p>
          Month's peak: <strong data-testid="month-peak">{watts(peakW)}</strong>
        </p>
      </section>
    );
  }
  const importNowW = Math.max(0, state.gridPowerW ?? 0);
  const projected = projectedW(q.averageSoFarW, q.elapsedS, importNowW);
  const scaleW = Math.max(q.targetW, q.averageSoFarW, projected, peakW ?? 0) * 1.1 || 1;
  const tone = projected > q.targetW ? 'over' : projected > 0.9 * q.targetW ? 'near' : 'ok';
  return (
    <section class="panel" data-testid="quarter-hour">
      <h2>Quarter hour</h2>
      <div
        class={`qbar level-${tone}`}
        role="img"
        aria-label={`average ${watts(q.averageSoFarW)} of ${watts(q.targetW)}`}
      >
        <div class="seg seg-avg" style={{ width: width(q.averageSoFarW, scaleW) }} />
        <div class="mark mark-projected" style={{ left: width(projected, scaleW) }} title="projected" />
        <div class="mark mark-limit" style={{ left: width(q.targetW, scaleW) }} title="target" />
        {peakW !== null && (
          <div class="mark mark-peak" style={{ left: width(peakW, scaleW) }} title="month's peak" />
        )}
      </div>
      <dl class="facts">
        <dt>Average so far</dt>
        <dd data-testid="quarter-average">{watts(q.averageSoFarW)}</dd>
        <dt>Target</dt>
        <dd data-testid="quarter-target">{watts(q.targetW)}</dd>
        <dt>Projected</dt>
        <dd class={`level-text-${tone}`}>{watts(projected)}</dd>
        <dt>May import now</dt>
        <dd>{watts(q.allowedW)}</dd>
        <dt>Elapsed</dt>
        <dd>{duration(q.elapsedS)} of 15 min</dd>
        <dt>Month's peak</dt>
        <dd data-testid="month-peak">{watts(peakW)}</dd>
      </dl>
    </section>
  );
}
