// E-mail over SMTP (nodemailer). The subject is the title, the body the message and when it
// happened. SMTP 5xx answers are permanent (RFC 5321 §4.2.1): not retried; the rest may pass later.
import { createTransport } from 'nodemailer';
import type { EmailSinkConfig } from '../config.js';
import type { Notification } from '../kinds.js';
import { errorText, SinkError, type Sink, type SinkContext } from './sink.js';

export function createEmailSink(config: EmailSinkConfig, ctx: SinkContext): Sink {
  const timeoutMs = config.timeoutS * 1000;
  const transport = createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.user !== undefined ? { auth: { user: config.user, pass: config.pass ?? '' } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(n: Notification): Promise<void> {
      try {
        await transport.sendMail({
          from: config.from,
          to: config.to,
          subject: `ampshare: ${n.title}`,
          text: `${n.message}\n\n${new Date(n.atMs).toISOString()} · ${n.kind} · ${n.subject}\n`,
        });
      } catch (error) {
        const code = (error as { responseCode?: unknown }).responseCode;
        const permanent = typeof code === 'number' && code >= 500;
        throw new SinkError(ctx.name, `SMTP ${config.host}:${config.port}: ${errorText(error)}`, !permanent, {
          cause: error,
        });
      }
    },
    close: async () => transport.close(),
  };
}
