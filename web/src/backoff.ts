// Reconnect delays for the WebSocket: exponential from 0.5 s, capped at 30 s, with jitter so that
// several open dashboards do not knock on a restarted daemon in step (STYLE 8).
const FIRST_MS = 500;
const CAP_MS = 30_000;

/** The wait before reconnect attempt `attempt` (0 = the first after a drop); random in [0, 1). */
export function reconnectDelayMs(attempt: number, random: number = Math.random()): number {
  const ceilingMs = Math.min(CAP_MS, FIRST_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceilingMs * (0.5 + random / 2));
}
