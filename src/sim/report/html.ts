// The page around the plots: a header naming the scenario and site, the KPI table (one column per
// run, plus the optimum's bound when it ran), and each run's plots. Inline CSS; no script at all.
import type { Kpis, SimRun } from '../run-types.js';
import { currentPlots, pvPlot, quarterPlot, sessionsPlot, setpointPlot } from './plots.js';
import { esc } from './svg.js';

type Cell = string | number | null | undefined;

interface KpiRow {
  label: string;
  value: (k: Kpis) => Cell;
  /** The optimum's figure, where it bounds this KPI. */
  bound?: (o: NonNullable<SimRun['optimum']>) => Cell;
}

const num = (digits: number) => (v: number | null) => (v === null ? null : v.toFixed(digits));
const ROWS: KpiRow[] = [
  { label: 'simulated days', value: (k) => num(2)(k.simulatedSeconds / 86_400) },
  { label: 'breaker trips', value: (k) => k.trips },
  { label: 'seconds above a rating', value: (k) => k.overloadSeconds },
  { label: 'highest line current (A)', value: (k) => num(1)(k.maxPhaseCurrentA) },
  { label: 'EV energy requested (kWh)', value: (k) => num(1)(k.evRequestedKWh) },
  {
    label: 'EV energy delivered (kWh)',
    value: (k) => num(1)(k.evDeliveredKWh),
    bound: (o) => `≤ ${o.evDeliveredKWh.toFixed(1)}`,
  },
  { label: 'EV sessions (missed)', value: (k) => `${k.evSessions} (${k.evSessionsMissed})` },
  {
    label: 'PV self-consumption',
    value: (k) => num(3)(k.pvSelfConsumption),
    bound: (o) => (o.pvSelfConsumption === null ? null : o.pvSelfConsumption.toFixed(3)),
  },
  {
    label: 'highest quarter-hour import (kW)',
    value: (k) => num(2)(k.peak15mW / 1000),
    bound: (o) => `≥ ${(o.peak15mW / 1000).toFixed(2)}`,
  },
  { label: 'starts and stops', value: (k) => k.startStops },
  { label: 'cost (EUR)', value: (k) => num(2)(k.costEUR), bound: (o) => o.costEUR.toFixed(2) },
  { label: 'outage (s)', value: (k) => k.outageSeconds },
  { label: 'telegrams (refused)', value: (k) => `${k.telegrams} (${k.telegramErrors})` },
];

const cell = (v: Cell) => `<td>${v === null || v === undefined ? '—' : esc(String(v))}</td>`;

function kpiTable(runs: SimRun[]): string {
  const optimum = runs.find((r) => r.optimum !== null && r.kpis.policy !== 'optimum')?.optimum ?? null;
  const head = runs.map((r) => `<th>${esc(r.kpis.policy)}</th>`).join('');
  const rows = ROWS.map((row) => {
    const bound = optimum && row.bound ? row.bound(optimum) : null;
    return `<tr><th scope="row">${esc(row.label)}</th>${runs.map((r) => cell(row.value(r.kpis))).join('')}${optimum ? cell(bound) : ''}</tr>`;
  }).join('');
  const optimumHead = optimum ? '<th>optimum (bound)</th>' : '';
  return `<table class="kpis"><thead><tr><th></th>${head}${optimumHead}</tr></thead><tbody>${rows}</tbody></table>`;
}

function siteSummary(run: SimRun): string {
  const { site, circuits, devices } = run.site;
  const network =
    site.phases === 3
      ? `3 × ${site.fuseA} A, ${site.network === 'it' ? '3x230 V it' : '3x400 V tn'}`
      : `1 × ${site.fuseA} A`;
  const circuitText =
    circuits.length > 0 ? `; circuits ${circuits.map((c) => `${c.id} ${c.fuseA} A`).join(', ')}` : '';
  const deviceText = devices.map((d) => `${d.id} (${d.kind}, ${d.mode})`).join(', ');
  return `${esc(network)}${esc(circuitText)}; devices: ${esc(deviceText || 'none')}`;
}

function runPlots(run: SimRun): string {
  return [...currentPlots(run), setpointPlot(run), pvPlot(run), quarterPlot(run), sessionsPlot(run)]
    .filter((p): p is string => p !== null)
    .join('\n');
}

const CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 24px auto; max-width: 1000px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.meta { color: #555; margin: 0 0 16px; }
table.kpis { border-collapse: collapse; margin: 8px 0 16px; }
table.kpis th, table.kpis td { padding: 3px 12px; border-bottom: 1px solid #e3e3e3; text-align: right; }
table.kpis th[scope=row] { text-align: left; font-weight: normal; color: #444; }
table.kpis thead th { border-bottom: 2px solid #999; }
figure.plot { margin: 14px 0 22px; }
figcaption { font-weight: 600; margin-bottom: 2px; } .unit { font-weight: normal; color: #666; font-size: 12px; }
svg text { font: 11px system-ui, sans-serif; fill: #555; } svg text.ref { font-weight: 600; }
svg .grid { stroke: #eee; } svg .frame { fill: none; stroke: #bbb; }
.legend { font-size: 12px; color: #444; } .key { margin-right: 14px; white-space: nowrap; }
.key i { display: inline-block; width: 18px; margin-right: 5px; vertical-align: middle; }
details > summary { cursor: pointer; font-size: 17px; font-weight: 600; margin: 24px 0 8px; }
`;

export function renderReport(runs: SimRun[]): string {
  const first = runs[0];
  if (!first) throw new Error('renderReport: no runs to report');
  const s = first.scenario;
  const title = `ampshare · ${s.name}`;
  const meta = `${esc(s.file ?? 'inline scenario')} · from ${esc(s.startIso)} · ${s.days.toFixed(2)} days · seed ${s.seed}`;
  const sections =
    runs.length === 1
      ? `<h2>Policy ${esc(first.kpis.policy)}</h2>${runPlots(first)}`
      : runs
          .map(
            (r, i) =>
              `<details${i === 0 ? ' open' : ''}><summary>Policy ${esc(r.kpis.policy)}</summary>${runPlots(r)}</details>`,
          )
          .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${meta}<br>${siteSummary(first)}</p>
<h2>Scorecard</h2>
${kpiTable(runs)}
${sections}
</body></html>
`;
}
