// The e-mail sink through nodemailer to a real SMTP server (smtp-server) on loopback.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { silentLogger } from '../../runtime/log.js';
import { notifyConfigSchema } from '../config.js';
import { aNotification, T0 } from '../test-support/builders.js';
import { createSink } from './index.js';
import { SinkError, type Sink } from './sink.js';

interface Mail {
  user: string | undefined;
  mailFrom: string;
  rcptTo: string[];
  raw: string;
}

/** The header block's value for `name` (unfolded), and the body decoded from quoted-printable. */
function header(raw: string, name: string): string | undefined {
  const head = raw.split('\r\n\r\n')[0]?.replace(/\r\n[ \t]+/g, ' ') ?? '';
  return new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1];
}
function body(raw: string): string {
  const text = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  if (!/quoted-printable/i.test(header(raw, 'Content-Transfer-Encoding') ?? '')) return text;
  const bytes = text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/g, '%25'));
}

describe('e-mail sink', () => {
  const mails: Mail[] = [];
  let server: SMTPServer;
  let port: number;

  before(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'ampshare' && auth.password === 'pw')
          return callback(null, { user: auth.username });
        callback(new Error('bad credentials'));
      },
      onRcptTo(address, _session, callback) {
        if (address.address.endsWith('@nowhere.example')) {
          return callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            user: session.user,
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sinkTo = (to: string | string[]): Sink => {
    const config = notifyConfigSchema.parse({
      sinks: {
        mail: {
          email: { host: '127.0.0.1', port, user: 'ampshare', pass: 'pw', from: 'ampshare@home.example', to },
        },
      },
    });
    return createSink(config.sinks.mail!, { name: 'mail', log: silentLogger });
  };

  it('sends From, To, Subject and the message over SMTP with login', async () => {
    const sink = sinkTo(['me@home.example', 'you@home.example']);
    await sink.send({
      ...aNotification('meter.stale', 0, 'meter'),
      title: 'Meter data stale',
      message: 'no telegram for 10.0 s: every device to its fail-safe current',
    });
    await sink.close?.();
    const mail = mails.at(-1);
    assert.ok(mail);
    assert.equal(mail.user, 'ampshare');
    assert.equal(mail.mailFrom, 'ampshare@home.example');
    assert.deepEqual(mail.rcptTo, ['me@home.example', 'you@home.example']);
    assert.equal(header(mail.raw, 'From'), 'ampshare@home.example');
    assert.equal(header(mail.raw, 'To'), 'me@home.example, you@home.example');
    assert.equal(header(mail.raw, 'Subject'), 'ampshare: Meter data stale');
    assert.equal(
      body(mail.raw),
      'no telegram for 10.0 s: every device to its fail-safe current\r\n\r\n' +
        `${new Date(T0).toISOString()} · meter.stale · meter\r\n`,
    );
  });

  it('says a permanent refusal (5xx) is not worth retrying', async () => {
    const sink = sinkTo('ghost@nowhere.example');
    await assert.rejects(sink.send(aNotification('failsafe', 0)), (e: unknown) => {
      assert.ok(e instanceof SinkError);
      assert.equal(e.retryable, false);
      assert.match(e.message, /^mail: SMTP 127\.0\.0\.1:\d+: .*no such mailbox/);
      return true;
    });
    await sink.close?.();
  });

  it('says an unreachable server may be retried', async () => {
    const config = notifyConfigSchema.parse({
      sinks: {
        mail: { email: { host: '127.0.0.1', port: 1, from: 'a@home.example', to: 'b@home.example' } },
      },
    });
    const sink = createSink(config.sinks.mail!, { name: 'mail', log: silentLogger });
    await assert.rejects(
      sink.send(aNotification('failsafe', 0)),
      (e: unknown) => e instanceof SinkError && e.retryable,
    );
  });
});
