import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isEuSummerTime, parseTimestamp, readTst, tstToIso } from './timestamp.js';

const ts = (s: string): string | null => parseTimestamp(Buffer.from(s), 0, s.length);

test('S/W flag gives the offset, either case', () => {
  assert.equal(ts('220528151729S'), '2022-05-28T15:17:29+02:00');
  assert.equal(ts('231102121548W'), '2023-11-02T12:15:48+01:00');
  assert.equal(ts('150701190000s'), '2015-07-01T19:00:00+02:00');
  assert.equal(ts('150101190000w'), '2015-01-01T19:00:00+01:00');
});

test('placeholders and impossible dates are null', () => {
  for (const p of [
    '000101010000W',
    '000101000001W',
    '000000000000W',
    '700101010000W',
    '632525252525W',
    '632525252525S',
    '230230120000W',
    '231301000000W',
    '231101250000W',
    '2311010000',
    '231101000000X',
    '',
  ]) {
    assert.equal(ts(p), null, p);
  }
  assert.equal(ts('240229120000W'), '2024-02-29T12:00:00+01:00', 'leap day');
});

test('no flag: Europe/Amsterdam rules, including both switch days', () => {
  assert.equal(ts('240405154953'), '2024-04-05T15:49:53+02:00');
  assert.equal(ts('211122210000'), '2021-11-22T21:00:00+01:00');
  assert.equal(ts('240331015959'), '2024-03-31T01:59:59+01:00');
  assert.equal(ts('240331030000'), '2024-03-31T03:00:00+02:00');
  assert.equal(ts('241027015959'), '2024-10-27T01:59:59+02:00');
  assert.equal(ts('241027023000'), '2024-10-27T02:30:00+02:00', 'the repeated hour: the first (summer) one');
  assert.equal(ts('241027030000'), '2024-10-27T03:00:00+01:00');
});

test('the EU rule agrees with ICU Europe/Amsterdam for any instant 2001–2069', () => {
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' });
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(2001, 0, 1), max: Date.UTC(2069, 11, 31) }), (ms) => {
      const date = new Date(ms);
      assert.equal(isEuSummerTime(date), fmt.format(date).endsWith('+02:00'));
    }),
    { seed: 4, numRuns: 2000 },
  );
});

test('second after second (the per-minute cache) reads as each TST alone', () => {
  const iso = (s: string): string | null => {
    const t = readTst(Buffer.from(s), 0, s.length);
    return t === null ? null : tstToIso(t);
  };
  // Runs of TSTs around minute changes and both switch days, with and without a flag, either case,
  // with impossible seconds in between.
  const minutes = [
    '2403310159',
    '2403310300',
    '2410270159',
    '2410270230',
    '2410270300',
    '2601191249',
    '2601191258',
    '2601191259',
    '2601191300',
  ];
  const tst = fc.record({
    minute: fc.constantFrom(...minutes),
    second: fc.integer({ min: 0, max: 61 }),
    flag: fc.constantFrom('', 'S', 'W', 's', 'w'),
  });
  fc.assert(
    fc.property(fc.array(tst, { minLength: 1, maxLength: 40 }), (run) => {
      for (const t of run) {
        const text = `${t.minute}${String(t.second).padStart(2, '0')}${t.flag}`;
        assert.equal(ts(text), iso(text), text);
      }
    }),
    { seed: 5, numRuns: 500 },
  );
});
