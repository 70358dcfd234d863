// Every device, one card each, in the site's order (their colours match the phase bars).
import { DeviceCard } from './device-card.js';
import type { LiveState } from './types.js';

export function DevicesPanel({ state }: { state: LiveState }) {
  return (
    <section class="panel panel-devices" data-testid="devices">
      <h2>Devices</h2>
      {state.devices.length === 0 ? (
        <p class="muted">No controllable devices are configured.</p>
      ) : (
        <div class="device-grid">
          {state.devices.map((device, colour) => (
            <DeviceCard key={device.id} device={device} limitA={state.site.limitA} colour={colour} />
          ))}
        </div>
      )}
    </section>
  );
}
