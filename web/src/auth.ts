// The API token: asked for once when the API answers 401, kept in localStorage, sent as
// `Authorization: Bearer` on requests and `?token=` on the WebSocket (docs/api.md, Security).
const KEY = 'ampshare.token';

type Listener = () => void;
const listeners = new Set<Listener>();
let needed = false;
/** Without storage (some private modes) the token lasts as long as the page. */
let memoryToken: string | null = null;

function stored(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  try {
    localStorage.setItem(KEY, token);
  } catch {
    // No storage: memoryToken keeps it for this page.
  }
  memoryToken = token;
  needed = false;
  notify();
}

export function currentToken(): string | null {
  return memoryToken ?? stored();
}

/** The API said 401: the token is missing or wrong. */
export function tokenRejected(): void {
  if (needed) return;
  needed = true;
  notify();
}

export function tokenNeeded(): boolean {
  return needed;
}

/** Calls back when the token is asked for or given; returns the unsubscriber. */
export function onAuthChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  for (const listener of listeners) listener();
}
