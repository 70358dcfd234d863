// Webhook: the notification as a JSON POST (notificationJson's shape; docs/notifications.md).
import type { WebhookSinkConfig } from '../config.js';
import type { Notification } from '../kinds.js';
import { postOnce } from './http.js';
import { notificationJson, type Sink, type SinkContext } from './sink.js';

export function createWebhookSink(config: WebhookSinkConfig, ctx: SinkContext): Sink {
  return {
    send: (n: Notification) =>
      postOnce(ctx.name, {
        url: config.url,
        headers: { 'user-agent': 'ampshare', ...config.headers, 'content-type': 'application/json' },
        body: notificationJson(n),
        timeoutMs: config.timeoutS * 1000,
      }),
  };
}
