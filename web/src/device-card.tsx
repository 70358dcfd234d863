// One device: what it was given (setpoint) against what it draws (measured), its share of what it
// may take, its status and the allocator's reason in words, and its controls.
import { DeviceControls } from './device-controls.js';
import { amps, kwh, watts, width } from './format.js';
import type { LiveDevice } from './types.js';

const STATUS_TONE: Record<LiveDevice['status'], string> = {
  running: 'good',
  paused: 'muted',
  off: 'muted',
  disconnected: 'muted',
  failsafe: 'danger',
};

/** Plug state, the session's energy, the battery's charge, and whether it is under control. */
function detailsOf(device: LiveDevice): string[] {
  const details: string[] = [];
  if (device.kind === 'charger') {
    details.push(
      device.vehicleConnected === null
        ? 'plug state unknown'
        : device.vehicleConnected
          ? 'car plugged in'
          : 'no car',
    );
  }
  if (device.sessionEnergyKWh !== null) details.push(`this session ${kwh(device.sessionEnergyKWh)}`);
  if (device.soc !== null) details.push(`${Math.round(device.soc)}%`);
  if (!device.available) details.push('not under control');
  return details;
}

function measuredOnPhases(device: LiveDevice): number | null {
  if (!device.measuredA) return null;
  const used = device.measuredA.filter((a) => a > 0.05);
  return used.length === 0 ? 0 : Math.max(...used);
}

/** The share bar: the setpoint against the device's maximum (chargers) or the connection's limit. */
function Share({ device, scaleA }: { device: LiveDevice; scaleA: number }) {
  return (
    <div
      class="share"
      role="img"
      aria-label={`${amps(device.setpointA)} of ${amps(scaleA, 0)}`}
      data-testid={`share-${device.id}`}
    >
      <div class="seg seg-share" style={{ width: width(device.setpointA, scaleA) }} />
      {device.targetA !== device.setpointA && (
        <div class="mark mark-target" style={{ left: width(device.targetA, scaleA) }} title="target" />
      )}
      {device.minA !== null && (
        <div class="mark mark-min" style={{ left: width(device.minA, scaleA) }} title="minimum" />
      )}
    </div>
  );
}

export function DeviceCard({
  device,
  limitA,
  colour,
}: {
  device: LiveDevice;
  limitA: number;
  colour: number;
}) {
  const measuredA = measuredOnPhases(device);
  const scaleA = device.maxA ?? limitA;
  const details = detailsOf(device);
  return (
    <article
      class="device"
      data-testid={`device-${device.id}`}
      data-status={device.status}
      data-mode={device.mode}
    >
      <div class="device-head">
        <span class={`swatch dev-${colour % 6}`} aria-hidden="true" />
        <h3>{device.id}</h3>
        <span class="muted small">
          {device.kind} · {device.circuit} · {device.phases.join(',') || 'no phase'}
        </span>
        <span class={`badge tone-${STATUS_TONE[device.status]}`} data-testid={`status-${device.id}`}>
          {device.status}
        </span>
      </div>
      <div class="device-figures">
        <span>
          setpoint <strong data-testid={`setpoint-${device.id}`}>{amps(device.setpointA)}</strong>
        </span>
        <span>
          measured <strong>{measuredA === null ? 'not reported' : amps(measuredA)}</strong>
        </span>
        <span>
          power <strong>{watts(device.measuredPowerW ?? device.powerW)}</strong>
        </span>
      </div>
      <Share device={device} scaleA={scaleA} />
      <p class="reason" data-testid={`reason-${device.id}`}>
        {device.reason}
        {device.limitedBy && <span class="muted"> (limited by {device.limitedBy})</span>}
      </p>
      {details.length > 0 && <p class="muted small">{details.join(' · ')}</p>}
      <DeviceControls device={device} />
    </article>
  );
}
