// One HTTP POST with a time limit, for the webhook and ntfy. Whether a failure is worth another
// attempt follows RFC 9110: 5xx, 408 and 429 may pass; any other 4xx will not.
import { errorText, SinkError } from './sink.js';

export interface Post {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

const RETRYABLE_4XX: ReadonlySet<number> = new Set([408, 425, 429]);

export async function postOnce(sink: string, post: Post): Promise<void> {
  let response: Response;
  try {
    response = await fetch(post.url, {
      method: 'POST',
      headers: post.headers,
      body: post.body,
      signal: AbortSignal.timeout(post.timeoutMs),
      redirect: 'follow',
    });
  } catch (error) {
    const what =
      error instanceof DOMException && error.name === 'TimeoutError'
        ? `no answer within ${post.timeoutMs / 1000} s`
        : errorText(error);
    throw new SinkError(sink, `POST ${redacted(post.url)}: ${what}`, true, { cause: error });
  }
  // Read the body either way so the connection can be reused; keep a little for the error.
  const text = await response.text().catch(() => '');
  if (response.ok) return;
  const status = response.status;
  const retryable = status >= 500 || RETRYABLE_4XX.has(status);
  const detail = text.trim().slice(0, 200);
  throw new SinkError(
    sink,
    `POST ${redacted(post.url)}: HTTP ${status} ${response.statusText}${detail ? `: ${detail}` : ''}`,
    retryable,
  );
}

/** The URL without user info or query (tokens live there), for log lines. */
function redacted(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}
