// Scorecards as text: one run as a list, several side by side as a table.
import type { Kpis, SimRun } from './run-types.js';

const ROWS: { key: keyof Kpis; label: string; format?: (v: Kpis[keyof Kpis]) => string }[] = [
  { key: 'trips', label: 'breaker trips' },
  { key: 'overloadSeconds', label: 'seconds above a rating' },
  { key: 'maxPhaseCurrentA', label: 'highest line current, A' },
  { key: 'evRequestedKWh', label: 'EV energy requested, kWh' },
  { key: 'evDeliveredKWh', label: 'EV energy delivered, kWh' },
  { key: 'evSessions', label: 'EV sessions' },
  { key: 'evSessionsMissed', label: 'EV sessions missed' },
  {
    key: 'pvSelfConsumption',
    label: 'PV self-consumption',
    format: (v) => (typeof v === 'number' ? `${(v * 100).toFixed(1)} %` : '–'),
  },
  { key: 'peak15mW', label: 'highest quarter hour, W' },
  { key: 'startStops', label: 'starts and stops' },
  { key: 'costEUR', label: 'cost, EUR' },
  { key: 'outageSeconds', label: 'seconds with a breaker open' },
  { key: 'telegrams', label: 'telegrams decoded' },
  { key: 'telegramErrors', label: 'telegrams refused' },
  { key: 'wallMs', label: 'wall time, ms' },
];

function cell(row: (typeof ROWS)[number], k: Kpis): string {
  const v = k[row.key];
  if (row.format) return row.format(v);
  if (v === null || v === undefined) return '–';
  return typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v);
}

export function formatTable(runs: SimRun[]): string {
  const first = runs[0]?.kpis;
  if (!first) return '';
  const width = Math.max(...ROWS.map((r) => r.label.length)) + 2;
  const columns = runs.map((r) => Math.max(12, r.kpis.policy.length + 2));
  const line = (label: string, cells: string[]) =>
    label.padEnd(width) + cells.map((c, i) => c.padStart(columns[i]!)).join('');
  const days = (first.simulatedSeconds / 86_400).toFixed(first.simulatedSeconds % 86_400 === 0 ? 0 : 2);
  const out = [
    `${first.scenario} — ${days} days`,
    line(
      '',
      runs.map((r) => r.kpis.policy),
    ),
    ...ROWS.map((row) =>
      line(
        row.label,
        runs.map((r) => cell(row, r.kpis)),
      ),
    ),
  ];
  const basis = runs.find((r) => r.kpis.policy !== 'optimum')?.kpis.evSessionsMissedBasis;
  out.push(
    '',
    basis === 'optimum'
      ? 'Missed: sessions that left short of their request although the optimum met it.'
      : 'Missed: sessions that left short of their request although max power × connected time allowed it (the optimum is not available).',
  );
  return out.join('\n');
}

/** JSON of contract 3: KPIs only (typed arrays of the trace stay out). */
export function kpisJson(runs: SimRun[]): string {
  return JSON.stringify(runs.length === 1 ? runs[0]!.kpis : runs.map((r) => r.kpis), null, 2);
}
