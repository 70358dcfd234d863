// A sink whose module or factory fails: createSink() still returns at once, every send() fails with
// a SinkError that names the sink and the cause and is not worth retrying, close() does not throw,
// and nothing is left as an unhandled rejection.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../runtime/log.js';
import { notifyConfigSchema } from '../config.js';
import { aNotification } from '../test-support/builders.js';
import { createSink, type SinkFactories } from './index.js';
import { SinkError } from './sink.js';

const spec = notifyConfigSchema.parse({ sinks: { alerts: { webhook: { url: 'http://127.0.0.1:9/hook' } } } })
  .sinks['alerts']!;

function failing(how: 'module' | 'factory'): SinkFactories {
  const broken = async () => {
    if (how === 'module') throw new Error("Cannot find module 'nodemailer'");
    return () => {
      throw new Error('bad transport options');
    };
  };
  return { webhook: broken, mqtt: broken, ntfy: broken, email: broken } as unknown as SinkFactories;
}

describe('a sink that cannot be set up', () => {
  for (const how of ['module', 'factory'] as const) {
    it(`its ${how} failing: every send fails, not retryable, naming the sink and the cause`, async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        const sink = createSink(spec, { name: 'alerts', log: silentLogger }, failing(how));
        // Let the failed load settle before anything waits for it.
        await new Promise((resolve) => setImmediate(resolve));
        for (let attempt = 0; attempt < 2; attempt++) {
          await assert.rejects(sink.send(aNotification('device.paused', 0)), (error: unknown) => {
            assert.ok(error instanceof SinkError);
            assert.equal(error.retryable, false);
            assert.equal(error.sink, 'alerts');
            assert.match(error.message, /^alerts: cannot be set up: /);
            assert.match(error.message, how === 'module' ? /nodemailer/ : /bad transport options/);
            return true;
          });
        }
        await sink.close?.();
        await new Promise((resolve) => setImmediate(resolve));
        assert.deepEqual(unhandled, []);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    });
  }
});
