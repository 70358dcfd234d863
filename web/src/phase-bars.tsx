// Per-phase bars: base load and each device's current stacked, with marks at limit − margin (where
// the allocator aims), the limit and the fuse. Amber near the margin's line, red above the limit.
import { amps, width } from './format.js';
import { circuitBars, type CircuitBars, type PhaseBar } from './phase-model.js';
import type { LiveState } from './types.js';

function Mark({ atA, scaleA, kind, label }: { atA: number; scaleA: number; kind: string; label: string }) {
  return <div class={`mark mark-${kind}`} style={{ left: width(atA, scaleA) }} title={label} />;
}

function Bar({ bar, circuit }: { bar: PhaseBar; circuit: CircuitBars }) {
  const { scaleA } = circuit;
  const label = `${bar.phase}: ${amps(bar.totalA)} of limit ${circuit.limitA} A (margin ${circuit.marginA} A, fuse ${circuit.fuseA} A)`;
  return (
    <div class={`phase level-${bar.level}`} data-testid={`phase-bar-${bar.phase}`} data-level={bar.level}>
      <span class="phase-name">{bar.phase}</span>
      <div class="track" role="img" aria-label={label} title={label}>
        <div class="stack">
          <div class="seg seg-base" style={{ width: width(bar.baseA, scaleA) }} />
          {bar.devices.map((d) => (
            <div
              key={d.id}
              class={`seg dev-${d.colour % 6}`}
              style={{ width: width(d.currentA, scaleA) }}
              title={`${d.id} ${amps(d.currentA)}`}
            />
          ))}
        </div>
        <Mark atA={circuit.limitA - circuit.marginA} scaleA={scaleA} kind="margin" label="limit − margin" />
        <Mark atA={circuit.limitA} scaleA={scaleA} kind="limit" label="limit" />
        {circuit.fuseA !== circuit.limitA && (
          <Mark atA={circuit.fuseA} scaleA={scaleA} kind="fuse" label="fuse" />
        )}
        {bar.measuredA !== null && (
          <Mark atA={bar.measuredA} scaleA={scaleA} kind="measured" label="measured" />
        )}
      </div>
      <span class="phase-value" data-testid={`phase-current-${bar.phase}`}>
        {bar.measuredA === null && (
          <span class="muted" title="estimated: this circuit has no meter">
            ≈{' '}
          </span>
        )}
        {amps(bar.totalA)}
      </span>
    </div>
  );
}

function Circuit({ bars, title }: { bars: CircuitBars; title: string }) {
  return (
    <div class="circuit" data-testid={`circuit-${bars.id}`}>
      <div class="circuit-head">
        <span>{title}</span>
        <span class="muted">
          limit {bars.limitA} A · margin {bars.marginA} A · fuse {bars.fuseA} A
        </span>
      </div>
      {bars.phases.map((bar) => (
        <Bar key={bar.phase} bar={bar} circuit={bars} />
      ))}
    </div>
  );
}

export function PhaseBars({ state }: { state: LiveState }) {
  const all = state.circuits.map((c) => circuitBars(c, state.circuits, state.devices, state.site.phases));
  const shown = new Set(all.flatMap((c) => c.phases.flatMap((p) => p.devices.map((d) => d.colour))));
  return (
    <section class="panel" data-testid="phases">
      <h2>Phases</h2>
      {all.map((bars) => (
        <Circuit key={bars.id} bars={bars} title={bars.id === 'main' ? 'Connection' : bars.id} />
      ))}
      <ul class="legend">
        <li>
          <span class="swatch seg-base" /> base load
        </li>
        {state.devices.map((d, colour) =>
          shown.has(colour) ? (
            <li key={d.id}>
              <span class={`swatch dev-${colour % 6}`} /> {d.id}
            </li>
          ) : null,
        )}
        <li>
          <span class="swatch mark-margin" /> limit − margin
        </li>
        <li>
          <span class="swatch mark-limit" /> limit
        </li>
      </ul>
    </section>
  );
}
