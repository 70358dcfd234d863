import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { describe, it } from 'node:test';
import { fixture, fixturePath } from '../meters/sources/test-helpers.js';
import { run } from './main.js';
import { p1Read, type ReadIo } from './p1-read.js';

function captured(signal?: AbortSignal): ReadIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    ...(signal ? { signal } : {}),
  };
}

describe('ampshare p1 read', () => {
  it('prints one JSON Reading per line for a file and exits 0 at its end (through the CLI table)', async () => {
    const chunks: string[] = [];
    const write = process.stdout.write;
    // The test runner reports through stdout too, in binary; the command writes text lines.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      if (typeof chunk !== 'string') return write.call(process.stdout, chunk, ...rest);
      chunks.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    let status: number;
    try {
      status = await run(['p1', 'read', '--file', fixturePath('basjes_stream_dsmr50_566.txt'), '--json']);
    } finally {
      process.stdout.write = write;
    }
    assert.equal(status, 0);
    const lines = chunks.join('').split('\n').filter(Boolean);
    assert.equal(lines.length, 566);
    const first = JSON.parse(lines[0]!) as { timestamp: string; crc: string; phases: unknown[] };
    assert.equal(first.timestamp, '2019-03-24T15:05:19+01:00');
    assert.equal(first.crc, 'valid');
    assert.equal(first.phases.length, 3);
  });

  it('prints a compact human line: time, P+/P-, net current per phase', async () => {
    const io = captured();
    assert.equal(await p1Read(['--file', fixturePath('basjes_dsmr50_1.txt')], io), 0);
    assert.equal(io.stdout.length, 1);
    assert.match(
      io.stdout[0]!,
      /^2022-05-28T15:17:29\+02:00 {2}P\+ 0 W {2}P- 98 W {2}L1 [+-]\d+\.\d\d A {2}L2 -\d+\.\d\d A {2}L3 \+\d+\.\d\d A$/,
    );
    assert.deepEqual(io.stderr, []);
  });

  it('reports a broken telegram on stderr with its kind and offset, and goes on', async () => {
    const io = captured();
    assert.equal(await p1Read(['--file', fixturePath('basjes_stream_dsmr50_2.txt'), '--json'], io), 0);
    assert.equal(io.stdout.length, 1);
    assert.equal(io.stderr.length, 1);
    assert.match(io.stderr[0]!, /^p1 read: file .*basjes_stream_dsmr50_2\.txt: truncated error at byte 2\b/);
  });

  it('says when the file cannot be read, and exits 1', async () => {
    const io = captured();
    assert.equal(await p1Read(['--file', '/nonexistent/p1.txt'], io), 1);
    assert.match(io.stderr.join('\n'), /file \/nonexistent\/p1\.txt: cannot read: ENOENT/);
  });

  it('rejects wrong usage with status 2 and the usage text', async () => {
    for (const args of [
      [],
      ['--file', 'a', '--tcp', 'h:1'],
      ['--tcp', 'nohost'],
      ['--tcp', 'h:70000'],
      ['--serial', '/dev/x', '--baud', 'fast'],
      ['--tcp', 'h:1', '--realtime'],
      ['--file', 'a', '--key', 'abc'],
      ['--file', 'a', '--bogus'],
      ['--http', 'ftp://meter/'],
    ]) {
      const io = captured();
      assert.equal(await p1Read(args, io), 2, args.join(' '));
      assert.match(io.stderr.join('\n'), /usage: ampshare p1 read/);
    }
  });

  it('reads a TCP dongle until interrupted, then exits 0', async () => {
    const server = net.createServer((socket) => socket.write(fixture('basjes_stream_dsmr50_566.txt')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const stop = new AbortController();
    const io = captured(stop.signal);
    const out = io.out;
    io.out = (line) => {
      out(line);
      if (io.stdout.length === 566) stop.abort();
    };
    const status = await p1Read(['--tcp', `127.0.0.1:${port}`, '--json'], io);
    server.close();
    assert.equal(status, 0);
    assert.equal(io.stdout.length, 566);
    assert.match(io.stderr.join('\n'), /tcp 127\.0\.0\.1:\d+: connected/);
  });
});

describe('ampshare p1 read as a process', () => {
  it('stops on SIGINT with status 0', async () => {
    const server = net.createServer((socket) => socket.write(fixture('basjes_dsmr50_1.txt')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const entry = `import { run } from ${JSON.stringify(new URL('./main.ts', import.meta.url).href)};
      process.exitCode = await run(process.argv.slice(1));`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', entry, 'p1', 'read', '--tcp', `127.0.0.1:${port}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
      if (stdout.includes('\n')) child.kill('SIGINT');
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    server.close();
    assert.equal(code, 0);
    assert.match(stdout, /^2022-05-28T15:17:29\+02:00 {2}P\+ 0 W/);
  });
});
