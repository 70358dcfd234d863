// A clock that ticks while mounted, for ages that grow between messages ("updated 4 s ago").
import { useEffect, useState } from 'preact/hooks';

export function useNow(everyMs = 1000): number {
  const [nowMs, setNowMs] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return nowMs;
}
