import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  readIdentifier,
  readInteger,
  readQuantity,
  readText,
  readTrailingInteger,
  type Dimension,
} from './values.js';

const q = (s: string, dim: Dimension): number => readQuantity(Buffer.from(s), 0, s.length, dim);
const b = (s: string): [Buffer, number, number] => [Buffer.from(s), 0, s.length];

test('quantities in canonical units, exact to the digits sent', () => {
  assert.equal(q('00.378*kW', 'power'), 378);
  assert.equal(q('01.193*kW', 'power'), 1193);
  assert.equal(q('000000621*W', 'power'), 621);
  assert.equal(q('002124.86*W', 'power'), 2124.86);
  assert.equal(q('000326641*Wh', 'energy'), 326.641);
  assert.equal(q('016366.258*kWh', 'energy'), 16366.258);
  assert.equal(q('00000003.997*KWH', 'energy'), 3.997);
  assert.equal(q('011.12*A', 'current'), 11.12);
  assert.equal(q('002*A', 'current'), 2);
  assert.equal(q('239.5*V', 'voltage'), 239.5);
  assert.equal(q('00246.138*m3', 'volume'), 246.138);
});

test('signs, missing units, wrong units and non-numbers', () => {
  assert.equal(q('-00.024*kW', 'power'), -24);
  assert.equal(q('-063*A', 'current'), -63);
  assert.equal(q('00.005', 'power'), 5, 'no unit: kW');
  assert.equal(q('00000000', 'volume'), 0);
  assert.ok(Number.isNaN(q('240.860*GJ', 'volume')));
  assert.ok(Number.isNaN(q('00.1*kWh', 'power')));
  assert.ok(Number.isNaN(q('', 'power')));
  assert.ok(Number.isNaN(q('TARIFF 1', 'power')));
  assert.ok(Number.isNaN(q('1.2.3*kW', 'power')));
});

test('integers and the HU "TARIFF 1" form', () => {
  assert.equal(readInteger(...b('0002')), 2);
  assert.equal(readInteger(...b('00004*s')), 4);
  assert.ok(Number.isNaN(readInteger(...b('x'))));
  assert.equal(readTrailingInteger(...b('TARIFF 1')), 1);
  assert.ok(Number.isNaN(readTrailingInteger(...b('ON'))));
});

test('identifiers: hex to printable text, else as sent; text messages', () => {
  assert.equal(readIdentifier(...b('4530303434303037313331363530363138')), 'E0044007131650618');
  assert.equal(readIdentifier(...b('204B4D50')), 'KMP', 'Kamstrup pads with spaces');
  assert.equal(readIdentifier(...b('91318181')), '91318181');
  assert.equal(readIdentifier(...b('ADC3100000158491')), 'ADC3100000158491');
  assert.equal(readIdentifier(...b('')), null);
  assert.equal(readText(...b('73657450315F657874656E6465645F337068')), 'setP1_extended_3ph');
  assert.equal(readText(...b('Storing 12/04')), 'Storing 12/04');
});
