// `ampshare p1 parse` as a user runs it: a child process, real files, stdout, stderr, exit status.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = new URL('./main.ts', import.meta.url).href;
const dir = fileURLToPath(new URL('../../../shared/fixtures/telegrams/', import.meta.url));

function ampshare(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const script = `const { run } = await import(${JSON.stringify(main)}); process.exitCode = await run(process.argv.slice(1));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, ...args], {
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--json: one Reading per line, in input order, across files', () => {
  const r = ampshare(
    'p1',
    'parse',
    '--json',
    `${dir}basjes_stream_dsmr50_566.txt`,
    `${dir}dries007_belgium-emucs15_1.txt`,
  );
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 567);
  const readings = lines.map((l) => JSON.parse(l) as { timestamp: string; header: string; crc: string });
  assert.equal(readings[0]!.timestamp, '2019-03-24T15:05:19+01:00');
  assert.equal(readings[566]!.header, 'FLU5\\253770234_A');
  assert.ok(readings.every((x) => x.crc === 'valid'));
});

test('errors: one stderr line naming the file, byte offset, line and kind; exit status 1', () => {
  const stream = `${dir}basjes_stream_dsmr50_2.txt`;
  const spec = `${dir}spec-dsmr502_dsmr50_1.txt`;
  const r = ampshare('p1', 'parse', '--json', stream, spec);
  assert.equal(r.status, 1);
  assert.equal(r.stdout.trimEnd().split('\n').length, 1);
  assert.deepEqual(r.stderr.trimEnd().split('\n'), [
    `${stream}: byte 2, line 16: truncated: telegram cut short by the next telegram, with no "!" line`,
    `${spec}: byte 0, line 38: crc: CRC EF2F does not match E47C`,
  ]);
  const lenient = ampshare('p1', 'parse', '--json', '--lenient', spec);
  assert.equal(lenient.status, 0);
  assert.equal((JSON.parse(lenient.stdout) as { crc: string }).crc, 'invalid');
});

test('--key decrypts Smarty frames; unreadable files are named', () => {
  const frame = `${dir}openhab_smarty-encrypted_1.bin`;
  const r = ampshare(
    'p1',
    'parse',
    '--lenient',
    '--key',
    'D491470F47126332B07D1923B3504188',
    frame,
    '/no/such/file',
  );
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^ampshare p1 parse: cannot read \/no\/such\/file: /);
  const [header, row] = r.stdout.trimEnd().split('\n');
  assert.match(header!, /^time\s+P\+ W\s+P- W\s+L1 A\s+L2 A\s+L3 A\s+L1 V\s+L2 V\s+L3 V$/);
  assert.match(row!, /^2018-01-30T10:21:22\+01:00\s+0\s+0\s+-\s+-\s+-\s+-\s+-\s+-$/);
  assert.equal(ampshare('p1', 'parse', '--key', 'abc', frame).status, 2);
  assert.equal(ampshare('p1', 'parse').status, 2);
});

test('table: signed per-phase net current and voltage', () => {
  const r = ampshare('p1', 'parse', `${dir}index30479831513_belgium-emucs171_1.txt`);
  assert.equal(r.status, 0);
  assert.match(
    r.stdout.split('\n')[1]!,
    /^2023-06-29T10:22:48\+02:00\s+0\s+135\s+-1\.86\s+-0\.55\s+1\.83\s+236\.9\s+240\.8\s+239\.9$/,
  );
});
