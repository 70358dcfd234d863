// One run-time setting as the controls see it: the server's value, or the one just sent until the
// live state shows it (changes apply from the next cycle, docs/api.md), and the server's error.
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from './api.js';

/** How long a sent value is shown without the live state confirming it (then the server's wins). */
const CONFIRM_MS = 5000;

export interface Setting<T> {
  value: T;
  busy: boolean;
  commit(value: T): void;
}

export function useSetting<T>(
  serverValue: T,
  send: (value: T) => Promise<unknown>,
  report: (error: string | null) => void,
): Setting<T> {
  const [pending, setPending] = useState<{ value: T } | null>(null);
  const [busy, setBusy] = useState(false);
  const current = useRef(serverValue);
  current.current = serverValue;

  useEffect(() => {
    if (!pending || busy) return;
    if (Object.is(pending.value, serverValue)) {
      setPending(null);
      return;
    }
    const timer = setTimeout(() => setPending(null), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [pending, busy, serverValue]);

  const commit = (value: T) => {
    if (Object.is(value, current.current) && !pending) return;
    setPending({ value });
    setBusy(true);
    report(null);
    send(value).then(
      () => setBusy(false),
      (error: unknown) => {
        setBusy(false);
        setPending(null);
        report(errorText(error));
      },
    );
  };
  return { value: pending ? pending.value : serverValue, busy, commit };
}
