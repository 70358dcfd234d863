// Luxembourg Smarty P1 (spec v1.1.3 §3.2.5): each telegram arrives inside a DLMS general-glo-ciphering
// frame, AES-128-GCM with a per-meter key from the DSO:
//   DB 08 <system title 8> <length> 30 <frame counter 4> <ciphertext> <GCM tag 12>
// length = A-XDR: 0x82 HH LL (what Smarty sends), 0x81 LL, or one byte < 0x80; it counts from the
// security byte to the end of the tag. IV = system title ‖ frame counter; AAD = security byte ‖
// authentication key, which Smarty fixes to 00112233…EEFF (Austrian T210-D-r: user-supplied).
import { createCipheriv, createDecipheriv } from 'node:crypto';

export const SMARTY_AUTH_KEY: Uint8Array = Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex');
const TAG_BYTES = 12;
const SECURITY_AUTH_ENC = 0x30;
const SECURITY_ENC = 0x20;

interface FrameHeader {
  /** Bytes before the security byte. */
  headerBytes: number;
  /** Whole frame, header included. */
  totalBytes: number;
}

/** The frame header at b[i] (0xDB): a header, 'more' when b ends first, or null if it is none. */
export function readFrameHeader(b: Uint8Array, i: number, len: number): FrameHeader | 'more' | null {
  if (i + 1 >= len) return 'more';
  if (b[i] !== 0xdb || b[i + 1] !== 0x08) return null;
  if (i + 11 > len) return 'more';
  const l0 = b[i + 10]!;
  let headerBytes: number;
  let length: number;
  if (l0 < 0x80) {
    headerBytes = 11;
    length = l0;
  } else if (l0 === 0x81 || l0 === 0x82) {
    headerBytes = l0 === 0x81 ? 12 : 13;
    if (i + headerBytes > len) return 'more';
    length = l0 === 0x81 ? b[i + 11]! : (b[i + 11]! << 8) | b[i + 12]!;
  } else return null;
  if (i + headerBytes >= len) return 'more';
  const security = b[i + headerBytes];
  if (security !== SECURITY_AUTH_ENC && security !== SECURITY_ENC) return null;
  if (length < 1 + 4 + TAG_BYTES) return null;
  return { headerBytes, totalBytes: headerBytes + length };
}

export type DecryptResult = { ok: true; plaintext: Buffer } | { ok: false; message: string };

/** Decrypts and authenticates the frame b[start, end). Never throws. */
export function decryptFrame(
  b: Uint8Array,
  start: number,
  end: number,
  key: Uint8Array,
  authKey: Uint8Array = SMARTY_AUTH_KEY,
): DecryptResult {
  const header = readFrameHeader(b, start, end);
  if (header === null || header === 'more' || header.totalBytes !== end - start) {
    return { ok: false, message: 'not a whole DLMS general-glo-ciphering frame' };
  }
  const sec = start + header.headerBytes;
  if (b[sec] !== SECURITY_AUTH_ENC) {
    return {
      ok: false,
      message: `security byte 0x${b[sec]!.toString(16)} (no authentication) is not supported`,
    };
  }
  const iv = Buffer.concat([b.subarray(start + 2, start + 10), b.subarray(sec + 1, sec + 5)]);
  try {
    const decipher = createDecipheriv('aes-128-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.concat([Buffer.of(SECURITY_AUTH_ENC), authKey]));
    decipher.setAuthTag(b.subarray(end - TAG_BYTES, end));
    const plaintext = Buffer.concat([
      decipher.update(b.subarray(sec + 5, end - TAG_BYTES)),
      decipher.final(),
    ]);
    return { ok: true, plaintext };
  } catch {
    return { ok: false, message: 'GCM tag does not verify: wrong key, or a damaged or cut frame' };
  }
}

/** Encrypts a telegram as a Smarty frame (for the simulator and tests). */
export function encryptFrame(
  plaintext: Uint8Array,
  key: Uint8Array,
  systemTitle: Uint8Array,
  frameCounter: number,
  authKey: Uint8Array = SMARTY_AUTH_KEY,
): Buffer {
  const fc = Buffer.alloc(4);
  fc.writeUInt32BE(frameCounter >>> 0);
  const cipher = createCipheriv('aes-128-gcm', key, Buffer.concat([systemTitle, fc]), {
    authTagLength: TAG_BYTES,
  });
  cipher.setAAD(Buffer.concat([Buffer.of(SECURITY_AUTH_ENC), authKey]));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const length = 1 + 4 + ciphertext.length + TAG_BYTES;
  const lengthField =
    length < 0x80
      ? Buffer.of(length)
      : length < 0x100
        ? Buffer.of(0x81, length)
        : Buffer.of(0x82, length >> 8, length & 0xff);
  return Buffer.concat([
    Buffer.of(0xdb, 0x08),
    systemTitle,
    lengthField,
    Buffer.of(SECURITY_AUTH_ENC),
    fc,
    ciphertext,
    cipher.getAuthTag(),
  ]);
}
