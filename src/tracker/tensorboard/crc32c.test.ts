import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

  it('gives the masked CRCs a real writer stored around its first record', () => {
    const file = readFileSync(
      join(import.meta.dirname, 'fixtures', 'torch-summary-writer.tfevents'),
    );
    const length = file.readUInt32LE(0);
    expect(maskedCrc32c(file, 0, 8)).toBe(file.readUInt32LE(8));
    expect(maskedCrc32c(file, 12, 12 + length)).toBe(file.readUInt32LE(12 + length));
    expect(maskedCrc32c(file, 12, 11 + length)).not.toBe(file.readUInt32LE(12 + length));
  });
});
