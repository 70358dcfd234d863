// The lazy validators: this file imports rpc-lib before anything else loads ocpp-rpc (each test
// file runs in its own process), as the daemon does. Validation must stay the library's own, and a
// schema file must only be read once a station of that version has sent something.
import { lazyValidators, RPCClient, RPCServer } from './rpc-lib.js';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, describe, it } from 'node:test';

const require = createRequire(import.meta.url);
const schemaLoaded = (file: string) => require.resolve(`ocpp-rpc/lib/schemas/${file}`) in require.cache;

describe('ocpp-rpc with lazy validators', () => {
  const http = createServer();
  const server = new RPCServer({ protocols: ['ocpp1.6', 'ocpp2.0.1'], strictMode: true });
  http.on('upgrade', server.handleUpgrade);
  after(async () => {
    await server.close({ force: true });
    http.close();
  });

  it('loads no schema before a message, then only the version in use, and still refuses invalid calls', async () => {
    assert.equal(lazyValidators, true, 'installed before the library loaded its own');
    assert.equal(schemaLoaded('ocpp1_6.json'), false);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    server.on('client', (client) => {
      client.handle('Heartbeat', () => ({ currentTime: new Date().toISOString() }));
      client.handle('BootNotification', () => assert.fail('an invalid call reached its handler'));
    });

    const client = new RPCClient({
      endpoint: `ws://127.0.0.1:${port}`,
      identity: 'CP-LAZY',
      protocols: ['ocpp1.6'],
      strictMode: false,
      reconnect: false,
    });
    await client.connect();
    try {
      const answer = (await client.call('Heartbeat', {})) as { currentTime: string };
      assert.match(answer.currentTime, /^\d{4}-\d\d-\d\dT/);
      assert.equal(schemaLoaded('ocpp1_6.json'), true, 'the 1.6 schemas, on the first 1.6 message');
      // A BootNotification without its required fields: the server's strict mode answers a
      // CALLERROR with the library's own error code.
      await assert.rejects(client.call('BootNotification', { chargePointVendor: 'x' }), (error: Error) => {
        assert.equal((error as { rpcErrorCode?: string }).rpcErrorCode, 'OccurrenceConstraintViolation');
        return true;
      });
      assert.equal(schemaLoaded('ocpp2_0_1.json'), false, 'no 2.0.1 station, no 2.0.1 schemas');
      assert.equal(schemaLoaded('ocpp2_1.json'), false, 'a version ampshare does not speak');
    } finally {
      await client.close({ force: true });
    }
  });
});
