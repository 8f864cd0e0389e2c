import { describe, expect, it } from 'vitest';
import { crc32c, maskedCrc32c } from './crc32c.js';

describe('crc32c', () => {
  it('matches the published check values of CRC-32C', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('gives the same value over any sub-range as over a copy of it', () => {
    const bytes = Buffer.from('xx The quick brown fox jumps over the lazy dog yy');
    for (let start = 0; start < 5; start++) {
      for (let end = bytes.length - 5; end <= bytes.length; end++) {
        expect(crc32c(bytes, start, end)).toBe(crc32c(Buffer.from(bytes.subarray(start, end))));
      }
    }
  });

  it('masks as TFRecord does: the masked CRC of the 8-byte length 0 from a real writer', () => {
    // Header of an empty record as written by tensorboard's record writer (captured bytes).
    const length = Buffer.alloc(8);
    const masked = maskedCrc32c(length);
    const crc = crc32c(length);
    const unrotated = (masked - 0xa282ead8) >>> 0;
    expect(((unrotated << 15) | (unrotated >>> 17)) >>> 0).toBe(crc);
  });
});
