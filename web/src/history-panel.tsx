// History: import, export and PV, and the per-phase current against the limit, over the last
// hours (per minute), a day (per quarter hour or hour) or a month (per day). Zoom by dragging.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { api, errorText } from './api.js';
import { Chart, ZoomGroup } from './chart.js';
import { SPANS, currentData, powerData, type Span } from './history-series.js';
import type { HistoryPoint, Resolution } from './types.js';
import { useColourScheme } from './use-colour-scheme.js';

function css(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

function axes(unit: string): uPlot.Axis[] {
  const stroke = css('--text-muted');
  const grid = { stroke: css('--grid'), width: 1 };
  return [
    { stroke, grid, ticks: grid },
    { stroke, grid, ticks: grid, label: unit, size: 48, values: (_u, ticks) => ticks.map((t) => `${t}`) },
  ];
}

function powerOptions(): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    scales: { x: { time: true } },
    axes: axes('kW'),
    series: [
      {},
      { label: 'import kW', stroke: css('--import'), fill: css('--import-fill'), width: 1.5 },
      { label: 'export kW', stroke: css('--export'), width: 1.5 },
      { label: 'PV kW', stroke: css('--pv'), width: 1.5 },
    ],
  };
}

function currentOptions(phases: number, useMax: boolean): () => Omit<uPlot.Options, 'width' | 'height'> {
  return () => ({
    scales: { x: { time: true } },
    axes: axes('A'),
    series: [
      {},
      ...Array.from({ length: phases }, (_, ix) => ({
        label: `L${ix + 1}${useMax ? ' max' : ''} A`,
        stroke: css(`--phase-${ix + 1}`),
        width: 1.5,
      })),
      { label: 'limit A', stroke: css('--danger'), dash: [6, 4], width: 1.5 },
    ],
  });
}

export function HistoryPanel({ phases }: { phases: number }) {
  const [span, setSpan] = useState<Span>('hours');
  const [resolution, setResolution] = useState<Resolution>(SPANS.hours.resolutions[0] ?? 'minute');
  const [points, setPoints] = useState<HistoryPoint[] | null>(null);
  const [rangeS, setRangeS] = useState<[number, number]>([0, 1]);
  const [error, setError] = useState<string | null>(null);
  const scheme = useColourScheme();
  const group = useMemo(() => new ZoomGroup(), [span, resolution]);
  const choice = SPANS[span];

  useEffect(() => {
    let cancelled = false;
    const load = () => {
      const toMs = Date.now();
      api.history(resolution, toMs - choice.spanMs, toMs).then(
        (answer) => {
          if (cancelled) return;
          setError(null);
          setRangeS([(toMs - choice.spanMs) / 1000, toMs / 1000]);
          setPoints(answer.points);
        },
        (e: unknown) => !cancelled && setError(errorText(e)),
      );
    };
    setPoints(null);
    load();
    const timer = setInterval(load, choice.refreshMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [span, resolution]);

  const choose = (next: Span) => {
    setSpan(next);
    setResolution(SPANS[next].resolutions[0] ?? 'minute');
  };
  const power = useMemo(() => powerData(points ?? []), [points]);
  const current = useMemo(() => currentData(points ?? [], phases, choice.phaseMax), [points, phases, span]);
  const shape = `${span}/${resolution}/${phases}/${scheme}`;

  return (
    <section class="panel panel-wide" data-testid="history">
      <div class="panel-head">
        <h2>History</h2>
        <div class="tabs" role="tablist">
          {(Object.keys(SPANS) as Span[]).map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              aria-selected={s === span}
              class={s === span ? 'tab active' : 'tab'}
              data-testid={`history-tab-${s}`}
              onClick={() => choose(s)}
            >
              {SPANS[s].label}
            </button>
          ))}
        </div>
        {choice.resolutions.length > 1 && (
          <select
            value={resolution}
            aria-label="resolution"
            data-testid="history-resolution"
            onChange={(e) => setResolution(e.currentTarget.value as Resolution)}
          >
            {choice.resolutions.map((r) => (
              <option key={r} value={r}>
                per {r}
              </option>
            ))}
          </select>
        )}
      </div>
      {error && (
        <p class="error-text" data-testid="history-error">
          History could not be read: {error}
        </p>
      )}
      {points === null && !error && <p class="muted">Loading…</p>}
      {points !== null && points.length === 0 && (
        <p class="muted" data-testid="history-empty">
          No history for this span yet.
        </p>
      )}
      {points !== null && points.length > 0 && (
        <div class="charts" data-testid="history-charts" data-points={points.length}>
          <h3 class="chart-title">Power</h3>
          <Chart
            options={powerOptions}
            shape={`p/${shape}`}
            data={power}
            rangeS={rangeS}
            height={220}
            group={group}
            testid="chart-power"
          />
          <h3 class="chart-title">Current per phase{choice.phaseMax ? ' (highest in each bucket)' : ''}</h3>
          <Chart
            options={currentOptions(phases, choice.phaseMax)}
            shape={`c/${shape}`}
            data={current}
            rangeS={rangeS}
            height={220}
            group={group}
            testid="chart-current"
          />
          <p class="muted small">Drag across a chart to zoom in; double-click to see the whole span.</p>
        </div>
      )}
    </section>
  );
}
