// The dashboard: the live feed and the event list at the top, the panels below. Each panel gets
// the live state and draws one concern; only the controls write (PATCH /api/devices/{id}).
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { onAuthChange, tokenNeeded } from './auth.js';
import { DevicesPanel } from './devices-panel.js';
import { GridPanel } from './grid-panel.js';
import { Header } from './header.js';
import { HistoryPanel } from './history-panel.js';
import { PhaseBars } from './phase-bars.js';
import { QuarterHour } from './quarter-hour.js';
import { Timeline } from './timeline.js';
import { TokenPrompt } from './token-prompt.js';
import { useEvents } from './use-events.js';
import { useLive } from './use-live.js';

/** Bumps when the token changes, so that the feed reconnects and the lists reload with it. */
function useAuthEpoch(): { epoch: number; needed: boolean } {
  const [auth, setAuth] = useState({ epoch: 0, needed: tokenNeeded() });
  useEffect(
    () =>
      onAuthChange(() =>
        setAuth((a) => ({ epoch: tokenNeeded() ? a.epoch : a.epoch + 1, needed: tokenNeeded() })),
      ),
    [],
  );
  return auth;
}

export function App() {
  const { epoch, needed } = useAuthEpoch();
  const events = useEvents();
  const live = useLive(epoch, events.add, events.reload);
  const [probeError, setProbeError] = useState<string | null>(null);

  // One plain request first: it is what finds out that a token is needed (a WebSocket refused
  // for want of one only says "closed").
  useEffect(() => {
    api.state().then(
      () => setProbeError(null),
      (e: unknown) => setProbeError(e instanceof Error ? e.message : String(e)),
    );
  }, [epoch]);

  const state = live.state;
  return (
    <div class="page">
      <Header state={state} receivedMs={live.receivedMs} connection={live.connection} />
      {needed && <TokenPrompt />}
      {!state ? (
        <main class="grid">
          <section class="panel panel-wide">
            <p class="muted" data-testid="waiting">
              {probeError ? `The daemon answered: ${probeError}` : 'Waiting for the first cycle…'}
            </p>
          </section>
        </main>
      ) : (
        <main class="grid">
          <PhaseBars state={state} />
          <GridPanel state={state} />
          <QuarterHour state={state} />
          <DevicesPanel state={state} />
          <Timeline events={events.events} error={events.error} />
          <HistoryPanel key={epoch} phases={state.site.phases} />
        </main>
      )}
    </div>
  );
}
