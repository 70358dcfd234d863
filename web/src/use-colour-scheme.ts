// 'dark' or 'light' as the system says now; charts read their colours from CSS and redraw on change.
import { useEffect, useState } from 'preact/hooks';

const QUERY = '(prefers-color-scheme: dark)';

export function useColourScheme(): 'dark' | 'light' {
  const [dark, setDark] = useState(() => matchMedia(QUERY).matches);
  useEffect(() => {
    const media = matchMedia(QUERY);
    const changed = () => setDark(media.matches);
    media.addEventListener('change', changed);
    return () => media.removeEventListener('change', changed);
  }, []);
  return dark ? 'dark' : 'light';
}
