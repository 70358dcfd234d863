// The HTTP API (docs/api.md). Paths are relative to the page so that the dashboard also works
// behind a reverse proxy under a sub-path.
import { currentToken, tokenRejected } from './auth.js';
import type { DeviceChange, HistoryPoint, LiveState, Resolution, StoredEvent } from './types.js';

/** A non-2xx answer: the server's own error text and, for a rejected setting, the field at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | null,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function headers(json: boolean): Headers {
  const h = new Headers({ accept: 'application/json' });
  if (json) h.set('content-type', 'application/json');
  const token = currentToken();
  if (token) h.set('authorization', `Bearer ${token}`);
  return h;
}

async function request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const json = init.body !== undefined;
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: headers(json),
    body: json ? JSON.stringify(init.body) : null,
  });
  if (response.ok) return (await response.json()) as T;
  if (response.status === 401) tokenRejected();
  let message = `${response.status} ${response.statusText}`;
  let field: string | null = null;
  try {
    const body = (await response.json()) as { error?: unknown; message?: unknown; field?: unknown };
    const text = body.error ?? body.message;
    if (typeof text === 'string' && text !== '') message = text;
    if (typeof body.field === 'string') field = body.field;
  } catch {
    // Not JSON (a proxy's error page): the status line says enough.
  }
  throw new ApiError(response.status, message, field, path);
}

export const api = {
  state: () => request<LiveState>('api/state'),
  events: (limit = 100) => request<{ events: StoredEvent[] }>(`api/events?limit=${limit}`),
  history: (resolution: Resolution, fromMs: number, toMs: number) =>
    request<{ resolution: Resolution; points: HistoryPoint[] }>(
      `api/history?resolution=${resolution}&fromMs=${Math.floor(fromMs)}&toMs=${Math.ceil(toMs)}`,
    ),
  setDevice: (id: string, change: DeviceChange) =>
    request<unknown>(`api/devices/${encodeURIComponent(id)}`, { method: 'PATCH', body: change }),
};

/** The WebSocket feed's address (ws: or wss: like the page), with the token when there is one. */
export function liveUrl(): string {
  const url = new URL('api/live', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = currentToken();
  if (token) url.searchParams.set('token', token);
  return url.toString();
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
