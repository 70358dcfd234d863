import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseIsoMs } from './iso-time.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('parseIsoMs', () => {
  it('reads the forms ampshare writes exactly as Date.parse does', () => {
    for (const text of [
      '2026-01-19T12:00:01+01:00',
      '2026-03-29T01:59:59+01:00',
      '2026-03-29T03:00:00+02:00',
      '2026-01-19T11:00:01Z',
      '2026-01-19T11:00:01.250Z',
      '2024-02-29T23:59:59-03:30',
      '2026-06-30T00:00:00+05:45',
    ]) {
      assert.equal(parseIsoMs(text), Date.parse(text), text);
    }
  });

  it('gives Date.parse’s answer on random instants in every form, valid or not', () => {
    const field = (max: number, w = 2) => fc.integer({ min: 0, max }).map((v) => pad(v, w));
    const text = fc
      .record({
        year: fc.oneof(field(9999, 4), fc.constantFrom('1970', '2026', '0099', '2100')),
        month: field(13),
        day: field(32),
        hour: field(25),
        minute: field(60),
        second: field(60),
        fraction: fc.constantFrom('', '.5', '.25', '.250', '.9999', '.abc'),
        zone: fc.oneof(
          fc.constantFrom('Z', '', 'z', '+0100', 'GMT'),
          fc
            .record({ sign: fc.constantFrom('+', '-'), h: field(25), m: field(60) })
            .map((z) => `${z.sign}${z.h}:${z.m}`),
        ),
        separator: fc.constantFrom('T', 'T', 'T', ' ', 't'),
      })
      .map(
        (p) =>
          `${p.year}-${p.month}-${p.day}${p.separator}${p.hour}:${p.minute}:${p.second}${p.fraction}${p.zone}`,
      );
    fc.assert(
      fc.property(text, (t) => Object.is(parseIsoMs(t), Date.parse(t))),
      { numRuns: 20_000 },
    );
  });

  it('gives Date.parse’s answer on any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (t) => Object.is(parseIsoMs(t), Date.parse(t))));
  });
});
