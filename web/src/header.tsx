// The header: which connection this is, whether the feed is live, how old the meter's data is,
// and the fail-safe banner (every device at its fail-safe current because the meter went quiet).
import { duration } from './format.js';
import type { LiveState } from './types.js';
import type { Connection } from './use-live.js';
import { useNow } from './use-now.js';

function ConnectionBadge({ connection, nowMs }: { connection: Connection; nowMs: number }) {
  const text =
    connection.state === 'open'
      ? 'live'
      : connection.state === 'connecting'
        ? 'connecting…'
        : `offline, retry in ${Math.max(0, Math.ceil((connection.retryAtMs - nowMs) / 1000))} s`;
  return (
    <span class={`badge conn-${connection.state}`} data-testid="connection" data-state={connection.state}>
      <span class="dot" aria-hidden="true" />
      {text}
    </span>
  );
}

export function Header(props: {
  state: LiveState | null;
  receivedMs: number | null;
  connection: Connection;
}) {
  const { state, receivedMs, connection } = props;
  const nowMs = useNow(1000);
  const site = state?.site;
  // The meter's age at the cycle plus the time since the message arrived: it keeps growing when
  // the feed stops, which is when it matters.
  const sinceS = receivedMs === null ? 0 : Math.max(0, (nowMs - receivedMs) / 1000);
  const meterAgeS = state?.meter ? state.meter.ageS + sinceS : null;
  return (
    <header class="header">
      <div class="header-row">
        <h1 class="brand">
          ampshare
          {site && (
            <span class="site-size" data-testid="connection-size">
              {site.phases === 3 ? '3 × ' : ''}
              {site.fuseA} A{site.limitA < site.fuseA ? ` (limit ${site.limitA} A)` : ''} · margin{' '}
              {site.marginA} A
            </span>
          )}
        </h1>
        <ConnectionBadge connection={connection} nowMs={nowMs} />
      </div>
      <div class="header-row meta">
        <span data-testid="meter-age" class={meterAgeS !== null && meterAgeS > 5 ? 'warn-text' : ''}>
          meter {meterAgeS === null ? 'not read yet' : `${duration(meterAgeS)} old`}
        </span>
        {state?.meter && <span class="muted">{state.meter.source}</span>}
        {state && (
          <span class="muted" data-testid="cycle" data-cycle={state.cycle}>
            cycle {state.cycle}
          </span>
        )}
      </div>
      {state?.failsafe && (
        <div class="banner danger" role="alert" data-testid="failsafe-banner">
          Fail-safe: the meter's data is stale, every device is held at its fail-safe current until telegrams
          arrive again.
        </div>
      )}
    </header>
  );
}
