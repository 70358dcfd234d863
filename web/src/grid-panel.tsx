// Grid and PV now: import or export at the connection, PV production, and the surplus the
// pv-like devices may use (negative while importing).
import { watts } from './format.js';
import type { LiveState } from './types.js';

function Figure(props: { label: string; value: string; testid: string; tone?: string }) {
  return (
    <div class={`figure ${props.tone ?? ''}`}>
      <span class="figure-label">{props.label}</span>
      <span class="figure-value" data-testid={props.testid}>
        {props.value}
      </span>
    </div>
  );
}

export function GridPanel({ state }: { state: LiveState }) {
  const gridW = state.gridPowerW;
  const exporting = gridW !== null && gridW < 0;
  const meter = state.meter;
  return (
    <section class="panel" data-testid="grid">
      <h2>Grid and PV</h2>
      <div class="figures">
        <Figure
          label={exporting ? 'Export' : 'Import'}
          value={gridW === null ? '–' : watts(Math.abs(gridW))}
          testid="grid-power"
          tone={exporting ? 'good' : ''}
        />
        <Figure label="PV" value={state.pvW === null ? 'unknown' : watts(state.pvW)} testid="pv-power" />
        <Figure
          label="Surplus"
          value={state.surplusW > 0 ? watts(state.surplusW) : 'none'}
          testid="surplus"
          tone={state.surplusW > 0 ? 'good' : ''}
        />
      </div>
      {meter && (meter.energyImportKWh !== null || meter.energyExportKWh !== null) && (
        <p class="muted small">
          Meter totals: {meter.energyImportKWh?.toFixed(1) ?? '–'} kWh imported ·{' '}
          {meter.energyExportKWh?.toFixed(1) ?? '–'} kWh exported
        </p>
      )}
    </section>
  );
}
