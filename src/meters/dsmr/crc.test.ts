import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CrcCarry, crc16, formatCrc, readCrc } from './crc.js';
import { crcBitwise, fixture } from './test-support.js';

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

test('slicing-by-8 equals the bitwise CRC on any bytes and any range', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat(), (bytes, a, b) => {
      const s = bytes.length === 0 ? 0 : a % (bytes.length + 1);
      const e = s + (b % (bytes.length - s + 1));
      assert.equal(crc16(bytes, s, e), crcBitwise(bytes.subarray(s, e)));
    }),
    { seed: 7, numRuns: 2000 },
  );
});

test('CrcCarry: changing bytes[s, e) changes the CRC by the carried change of the part', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 900 }),
      fc.nat(),
      fc.uint8Array({ minLength: 1, maxLength: 16 }),
      (message, at, part) => {
        const s = at % (message.length + 1);
        const replacement = part.subarray(0, message.length - s);
        const e = s + replacement.length;
        const changed = Uint8Array.from(message);
        changed.set(replacement, s);
        const delta = crc16(message, s, e) ^ crc16(changed, s, e);
        const carried = crc16(message) ^ new CrcCarry(message.length - e).carry(delta);
        assert.equal(carried, crc16(changed));
      },
    ),
    { seed: 11, numRuns: 500 },
  );
});
