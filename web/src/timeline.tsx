// What happened, newest first, in words ("car1 16 A → 6 A: limited by main L2"), in local time.
// Setpoint changes are the chattiest kind, so they can be hidden.
import { useState } from 'preact/hooks';
import { localTime } from './format.js';
import type { StoredEvent } from './types.js';

const SHOWN = 100;

/** Event types that deserve a colour: what went wrong, and what a person changed. */
const TONE: Record<string, string> = {
  'overload.cut': 'danger',
  'failsafe.entered': 'danger',
  'meter.stale': 'danger',
  'cycle.failed': 'danger',
  'device.unavailable': 'warn',
  'device.ignoresLimit': 'warn',
  'peak.monthly': 'warn',
  'allocator.warning': 'warn',
  'settings.changed': 'info',
  'failsafe.left': 'good',
  'meter.back': 'good',
  'device.available': 'good',
};

export function Timeline({ events, error }: { events: readonly StoredEvent[]; error: string | null }) {
  const [hideSetpoints, setHideSetpoints] = useState(false);
  const shown = (hideSetpoints ? events.filter((e) => e.type !== 'device.setpoint') : events).slice(0, SHOWN);
  return (
    <section class="panel panel-events" data-testid="timeline">
      <div class="panel-head">
        <h2>Events</h2>
        <label class="small">
          <input
            type="checkbox"
            checked={hideSetpoints}
            onChange={(e) => setHideSetpoints(e.currentTarget.checked)}
          />{' '}
          hide setpoint changes
        </label>
      </div>
      {error && <p class="error-text">Events could not be read: {error}</p>}
      {shown.length === 0 ? (
        <p class="muted">Nothing yet.</p>
      ) : (
        <ol class="events" data-testid="event-list">
          {shown.map((event) => (
            <li
              key={event.id}
              class={`event ev-${TONE[event.type] ?? 'plain'}`}
              data-testid="event"
              data-type={event.type}
            >
              <time dateTime={new Date(event.atMs).toISOString()}>{localTime(event.atMs)}</time>
              <span class="event-message">{event.message}</span>
              <span class="event-type">{event.type}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
