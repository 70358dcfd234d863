// `ampshare check-config` in-process through run().
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { capture, ISSUE_EXAMPLE, siteFiles as files } from './test-capture.js';

describe('ampshare check-config', () => {
  it('accepts the issue example as it is', async () => {
    const f = files(ISSUE_EXAMPLE);
    const { status, out } = await capture(['check-config', '--config', f.config]);
    assert.equal(status, 0);
    assert.equal(out, 'ok: 1 devices, 1 circuits\n');
  });

  it('names the file, line and key of every problem, exit 1', async () => {
    const f = files(
      ISSUE_EXAMPLE.replace('maxA: 16', 'maxA: sixteen').replace('fuseA: 20 }', 'fuseA: 20, fuse: 3 }'),
    );
    const { status, err } = await capture(['check-config', '--config', f.config]);
    assert.equal(status, 1);
    assert.match(err, /site\.yaml:11:\d+ circuits\[0\]\.fuse: unknown key/);
    assert.match(err, /site\.yaml:18:\d+ devices\[0\]\.maxA: /);
  });

  it('checks a run configuration (meter, OCPP, driver keys) as ampshare run would', async () => {
    const example = new URL('../../examples/run.yaml', import.meta.url).pathname;
    const good = await capture(['check-config', '--config', example]);
    assert.equal(good.status, 0, good.err);
    assert.match(good.out, /^ok: 2 devices/);
    const text = readFileSync(example, 'utf8').replace(/^ocpp:(.*)$/m, 'ocpp:$1\n  bogus: 1');
    const f = files(text);
    const bad = await capture(['check-config', '--config', f.config]);
    assert.equal(bad.status, 1);
    assert.match(bad.err, /site\.yaml:\d+:3 ocpp\.bogus: unknown key/);
  });
});
