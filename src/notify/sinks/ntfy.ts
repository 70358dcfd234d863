// ntfy: a plain-text POST to the topic URL, with the title, priority and tags as headers and an
// access token as a bearer token (https://docs.ntfy.sh/publish/). HTTP header values are bytes, so a
// title outside printable ASCII goes as an RFC 2047 encoded word, which the ntfy server decodes.
import type { NtfySinkConfig } from '../config.js';
import { KIND_INFO, type Notification } from '../kinds.js';
import { postOnce } from './http.js';
import type { Sink, SinkContext } from './sink.js';

export function createNtfySink(config: NtfySinkConfig, ctx: SinkContext): Sink {
  return {
    send: (n: Notification) => {
      const info = KIND_INFO[n.kind];
      const headers: Record<string, string> = {
        'user-agent': 'ampshare',
        'content-type': 'text/plain; charset=utf-8',
        title: headerText(n.title),
        priority: String(config.priority ?? info.priority),
        tags: info.tags.join(','),
      };
      if (config.token !== undefined) headers.authorization = `Bearer ${config.token}`;
      return postOnce(ctx.name, {
        url: config.url,
        headers,
        body: n.message,
        timeoutMs: config.timeoutS * 1000,
      });
    },
  };
}

/** Printable ASCII as is; anything else as one RFC 2047 "B" encoded word. */
export function headerText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}
