import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSniffer, SERIAL_9600_7E1, describeSettings, settingsForBaud } from './serial-detect.js';

const text = (s: string): Uint8Array => Buffer.from(s, 'latin1');

describe('serial settings', () => {
  it('9600 means 7E1 (DSMR 2.2/3.0), anything else 8N1', () => {
    assert.deepEqual(settingsForBaud(9600), SERIAL_9600_7E1);
    assert.equal(describeSettings(settingsForBaud(9600)), '9600 7E1');
    assert.equal(describeSettings(settingsForBaud(115200)), '115200 8N1');
    assert.equal(describeSettings(settingsForBaud(57600)), '57600 8N1');
  });
});

describe('line sniffer', () => {
  it('recognises a header, even split across chunks', () => {
    const sniffer = new LineSniffer();
    assert.equal(sniffer.feed(text('1-0:1.8.1(000123.456*kWh)\r\n!1234\r\n')), 'telegram');
    const split = new LineSniffer();
    assert.equal(split.feed(text('\r\n/IS')), 'unknown');
    assert.equal(split.feed(text('k5\\2MT382-1003\r\n')), 'telegram');
  });

  it('recognises a DSMR 2.2 "!" line without CRC and a Smarty frame start', () => {
    assert.equal(new LineSniffer().feed(text('0-0:96.3.10(1)\r\n!\r\n')), 'telegram');
    const smarty = Buffer.from('db08' + '5341472000000000' + '8202ba30', 'hex');
    assert.equal(new LineSniffer().feed(smarty), 'telegram');
  });

  it('calls a line garbage when many bytes cannot be telegram text', () => {
    // What a 115200 UART makes of a 9600 line: mostly 0x00, 0x80, 0xF8, 0xFE, 0xFF.
    const noise = Uint8Array.from({ length: 80 }, (_, i) => [0x00, 0x80, 0xf8, 0xfe, 0xff, 0x31][i % 6]!);
    assert.equal(new LineSniffer().feed(noise), 'garbage');
  });

  it('does not decide on a few noisy bytes or on clean text without a header', () => {
    assert.equal(new LineSniffer().feed(Uint8Array.of(0xff, 0x00, 0x80)), 'unknown');
    assert.equal(new LineSniffer().feed(text('1-0:32.7.0(230.1*V)\r\n'.repeat(10))), 'unknown');
  });
});
