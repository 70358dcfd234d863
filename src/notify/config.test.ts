// The `notify:` section: defaults, one sink type per name, rules naming real sinks, and problems
// that keep their place in the YAML file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, formatProblem, YamlSource } from '../config/yaml.js';
import { notifyConfigSchema } from './config.js';

const issues = (value: unknown): string[] =>
  notifyConfigSchema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('notifyConfigSchema', () => {
  it('fills in the defaults', () => {
    const config = notifyConfigSchema.parse({
      sinks: {
        hook: { webhook: { url: 'https://example.com/hook' } },
        phone: { ntfy: { url: 'https://ntfy.sh/my-topic', priority: 'high' } },
        bus: { mqtt: { url: 'mqtt://127.0.0.1:1883', topic: 'ampshare/notify' } },
        mail: { email: { host: 'smtp.example.com', from: 'ampshare@example.com', to: 'me@example.com' } },
        tls: {
          email: { host: 'smtp.example.com', secure: true, from: 'a@example.com', to: ['b@example.com'] },
        },
      },
      rules: [{ on: ['overload', 'meter.stale'], to: ['phone', 'hook'] }],
    });
    assert.deepEqual(config.sinks.hook, {
      type: 'webhook',
      config: { url: 'https://example.com/hook', headers: {}, timeoutS: 10 },
    });
    assert.deepEqual(config.sinks.phone, {
      type: 'ntfy',
      config: { url: 'https://ntfy.sh/my-topic', priority: 4, timeoutS: 10 },
    });
    assert.deepEqual(config.sinks.bus, {
      type: 'mqtt',
      config: { url: 'mqtt://127.0.0.1:1883', topic: 'ampshare/notify', retain: false, timeoutS: 10 },
    });
    assert.equal(config.sinks.mail?.type === 'email' && config.sinks.mail.config.port, 587);
    assert.deepEqual(
      config.sinks.mail?.config && 'to' in config.sinks.mail.config && config.sinks.mail.config.to,
      ['me@example.com'],
    );
    assert.equal(config.sinks.tls?.type === 'email' && config.sinks.tls.config.port, 465);
    assert.deepEqual(config.rules, [
      {
        on: ['overload', 'meter.stale'],
        to: ['phone', 'hook'],
        debounceS: 30,
        minIntervalS: 60,
        maxPerHour: 10,
      },
    ]);
    assert.deepEqual(notifyConfigSchema.parse({}), { sinks: {}, rules: [] });
  });

  it('reports a rule naming an unknown sink on that entry', () => {
    assert.deepEqual(
      issues({
        sinks: { hook: { webhook: { url: 'http://127.0.0.1/x' } } },
        rules: [{ on: ['overload'], to: ['hook', 'phone', 'hook'] }],
      }),
      ['rules.0.to.1: unknown sink "phone" (sinks: hook)', 'rules.0.to.2: sink "hook" is named twice'],
    );
    assert.deepEqual(issues({ rules: [{ on: ['failsafe'], to: ['x'] }] }), [
      'rules.0.to.0: unknown sink "x" (no sinks are defined)',
    ]);
  });

  it('wants exactly one type per sink and rejects unknown keys and kinds', () => {
    assert.deepEqual(issues({ sinks: { a: {} } }), [
      'sinks.a: give exactly one of webhook, mqtt, ntfy, email',
    ]);
    assert.deepEqual(
      issues({ sinks: { a: { webhook: { url: 'http://h/x' }, ntfy: { url: 'https://ntfy.sh/t' } } } }),
      ['sinks.a: give exactly one of webhook, mqtt, ntfy, email (got webhook, ntfy)'],
    );
    assert.deepEqual(issues({ sinks: { a: { slack: {} } } }), [
      'sinks.a: Unrecognized key: "slack"',
      'sinks.a: give exactly one of webhook, mqtt, ntfy, email',
    ]);
    assert.match(
      issues({ rules: [{ on: ['overheat'], to: [] }] }).join('\n'),
      /^rules\.0\.on\.0: Invalid option/,
    );
    assert.deepEqual(issues({ sinks: { a: { mqtt: { url: 'mqtt://h', topic: 'a/#' } } } }), [
      'sinks.a.mqtt.topic: a topic to publish to has no wildcards (+, #)',
    ]);
    assert.deepEqual(issues({ sinks: { a: { ntfy: { url: 'https://ntfy.sh/' } } } }), [
      'sinks.a.ntfy.url: the URL names the topic: https://ntfy.sh/TOPIC',
    ]);
    assert.deepEqual(issues({ sinks: { a: { email: { host: 'h', from: 'f', to: 't', user: 'u' } } } }), [
      'sinks.a.email.pass: user and pass go together',
    ]);
  });

  it("gives the loader problems it places on the YAML file's lines", () => {
    const yaml = [
      'notify:',
      '  sinks:',
      '    hook:',
      '      webhook: { url: "http://127.0.0.1:9/hook" }',
      '  rules:',
      '    - on: [overload]',
      '      to: [hook, phone]',
      '      debounceS: -1',
      '',
    ].join('\n');
    const source = YamlSource.fromText('site.yaml', yaml);
    const root = source.toJS() as { notify: unknown };
    const result = notifyConfigSchema.safeParse(root.notify);
    assert.equal(result.success, false);
    const problems = (result.error?.issues ?? []).map((issue) =>
      source.problem(['notify', ...(issue.path as (string | number)[])], issue.message),
    );
    assert.deepEqual(new ConfigError(problems).problems.map(formatProblem), [
      'site.yaml:8:18 notify.rules[0].debounceS: Too small: expected number to be >=0',
      'site.yaml:7:18 notify.rules[0].to[1]: unknown sink "phone" (sinks: hook)',
    ]);
  });
});
