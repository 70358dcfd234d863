import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc16, formatCrc, readCrc } from './crc.js';
import { fixture } from './test-support.js';

test('CRC-16/ARC check value', () => {
  assert.equal(crc16(Buffer.from('123456789')), 0xbb3d);
  assert.equal(crc16(Buffer.alloc(0)), 0);
  assert.equal(crc16(Buffer.from('xx123456789yy'), 2, 11), 0xbb3d);
});

test('real telegrams: CRC over "/" … "!" inclusive matches the printed one', () => {
  for (const name of ['basjes_dsmr50_1.txt', 'ndokter_belgium-emucs171_1.txt', 'spec-lux_smarty_1.txt']) {
    const b = fixture(name);
    const bang = b.lastIndexOf('!');
    assert.equal(formatCrc(crc16(b, 0, bang + 1)), b.toString('latin1', bang + 1, bang + 5), name);
  }
});

test('printed CRC: 1–4 hex digits, either case', () => {
  const at = (s: string): number => readCrc(Buffer.from(s), 0, s.length);
  assert.deepEqual(
    ['B9F', 'b9f', '0B9F', 'F', '', '12345', '12G4'].map(at),
    [0xb9f, 0xb9f, 0xb9f, 0xf, -1, -1, -1],
  );
  assert.equal(formatCrc(0xb9f), '0B9F');
});
