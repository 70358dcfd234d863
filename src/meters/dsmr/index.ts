// The P1 decoder's public surface: sources, the CLI and the simulator import from here.
export { createP1Decoder, INTERNAL_ERROR } from './decoder.js';
export { crc16, CrcCarry } from './crc.js';
export { OBIS_TABLE, type ObisEntry, type ObisKind } from './obis.js';
export { decryptFrame, encryptFrame, SMARTY_AUTH_KEY } from './smarty.js';
export { formatTst, withCrc, writeTelegram, type PhaseSpec, type TelegramSpec } from './writer.js';
export * from './types.js';
