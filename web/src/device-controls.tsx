// A device's run-time settings: mode, priority and (chargers) the maximum current. Each change is
// one PATCH /api/devices/{id}; the server validates it against the whole configuration and a
// rejection's text shows under the controls as the server wrote it.
import { useState } from 'preact/hooks';
import { api } from './api.js';
import { MODES, type LiveDevice, type LiveMode } from './types.js';
import { useSetting } from './use-setting.js';

const MODE_LABELS: Record<LiveMode, string> = {
  off: 'Off',
  now: 'Now (as fast as allowed)',
  minpv: 'Min + PV',
  pv: 'PV surplus only',
  planned: 'Planned',
};

function NumberField(props: {
  label: string;
  value: number;
  step: number;
  min?: number;
  max?: number;
  testid: string;
  disabled: boolean;
  onCommit(value: number): void;
  onInvalid(text: string): void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <label class="control">
      <span>{props.label}</span>
      <input
        type="number"
        inputMode="decimal"
        step={props.step}
        min={props.min}
        max={props.max}
        value={draft ?? String(props.value)}
        data-testid={props.testid}
        disabled={props.disabled}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onChange={(e) => {
          const text = e.currentTarget.value.trim();
          const value = Number(text);
          setDraft(null);
          if (text === '' || !Number.isFinite(value))
            props.onInvalid(`${props.label}: "${text}" is not a number`);
          else props.onCommit(value);
        }}
      />
    </label>
  );
}

export function DeviceControls({ device }: { device: LiveDevice }) {
  const [error, setError] = useState<string | null>(null);
  // The slider ends at the configured maximum: the API cannot raise it further.
  const ceilingA = device.configuredMaxA ?? device.maxA ?? 0;
  const [sliderA, setSliderA] = useState<number | null>(null);
  const send = (change: Parameters<typeof api.setDevice>[1]) => api.setDevice(device.id, change);
  const mode = useSetting<LiveMode>(device.mode, (m) => send({ mode: m }), setError);
  const priority = useSetting(device.priority, (p) => send({ priority: p }), setError);
  const maxA = useSetting(device.maxA ?? 0, (a) => send({ maxA: a }), setError);
  const busy = mode.busy || priority.busy || maxA.busy;
  return (
    <div class="controls" data-testid={`controls-${device.id}`}>
      <label class="control">
        <span>Mode</span>
        <select
          value={mode.value}
          data-testid={`mode-${device.id}`}
          onChange={(e) => mode.commit(e.currentTarget.value as LiveMode)}
        >
          {MODES.map((m) => (
            <option key={m} value={m}>
              {MODE_LABELS[m]}
            </option>
          ))}
        </select>
      </label>
      <NumberField
        label="Priority"
        value={priority.value}
        step={1}
        testid={`priority-${device.id}`}
        disabled={priority.busy}
        onCommit={(p) => priority.commit(p)}
        onInvalid={setError}
      />
      {device.maxA !== null && (
        <div class="control control-wide">
          <NumberField
            label="Max A"
            value={maxA.value}
            step={1}
            min={device.minA ?? 0}
            max={ceilingA}
            testid={`max-${device.id}`}
            disabled={maxA.busy}
            onCommit={(a) => maxA.commit(a)}
            onInvalid={setError}
          />
          <input
            type="range"
            aria-label={`${device.id} maximum current`}
            min={device.minA ?? 0}
            max={ceilingA}
            step={1}
            value={sliderA ?? maxA.value}
            data-testid={`max-slider-${device.id}`}
            onInput={(e) => setSliderA(Number(e.currentTarget.value))}
            onChange={(e) => {
              setSliderA(null);
              maxA.commit(Number(e.currentTarget.value));
            }}
          />
        </div>
      )}
      <p class="control-status" aria-live="polite">
        {error ? (
          <span class="error-text" data-testid={`device-error-${device.id}`}>
            {error}
          </span>
        ) : busy ? (
          <span class="muted">saving…</span>
        ) : null}
      </p>
    </div>
  );
}
