// The demo's one-line summary for the terminal: what the meter measures per phase against the
// main limit, what each device is allowed, and what the house is doing that the controller cannot
// steer (PV, the appliances that are on).
import type { LiveState } from '../../model/live.js';
import { localTime } from '../../model/local-time.js';
import type { WorldSnapshot } from './world.js';

const pad2 = (n: number): string => String(n).padStart(2, '0');
const amps = (a: number | null): string => (a === null ? '–' : `${Math.round(a * 10) / 10}`);

/** "18:04:10  L1 19.6 A  L2 19.4 A  L3 19.4 A of 25 A | heatpump 6.5 A · car1 12 A · car2 paused | PV 0.0 kW | kettle" */
export function statusLine(state: LiveState, world: WorldSnapshot | null): string {
  const t = localTime(state.atMs, state.site.timezone);
  const time = `${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}`;
  const phases = (state.meter?.netCurrentA ?? [])
    .map((a, i) => `L${i + 1} ${amps(a).padStart(5)} A`)
    .join('  ');
  const grid = `${phases || 'no meter data'} of ${state.site.limitA} A${state.failsafe ? ' (FAIL-SAFE)' : ''}`;
  const devices = state.devices
    .map((d) => {
      if (d.status === 'disconnected') return `${d.id} –`;
      if (d.status === 'paused' || d.status === 'off') return `${d.id} ${d.status}`;
      return `${d.id} ${amps(d.setpointA)} A`;
    })
    .join(' · ');
  const house = world
    ? ` | PV ${(world.pvW / 1000).toFixed(1)} kW${world.appliancesOn.length > 0 ? ` | ${world.appliancesOn.join(', ')}` : ''}`
    : '';
  return `${time}  ${grid} | ${devices}${house}`;
}
