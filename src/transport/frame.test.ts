import { describe, expect, it } from 'vitest';
import { newMarker, unframe, unframeBytes } from './frame.js';

describe('unframe', () => {
  const marker = newMarker();

  it('drops whatever came before the marker, banners without a newline too', () => {
    expect(unframe(`Welcome!\nlast login: today${marker}payload\n`, marker)).toEqual({
      found: true,
      text: 'payload\n',
      noise: 'Welcome!\nlast login: today',
    });
    expect(unframe(`${marker}`, marker)).toEqual({ found: true, text: '', noise: '' });
  });

  it('keeps a later copy of the marker: only the first one frames', () => {
    expect(unframe(`x${marker}a${marker}b`, marker).text).toBe(`a${marker}b`);
  });

  it('says when the marker never came, and keeps everything', () => {
    expect(unframe('This account is currently not available.\n', marker)).toEqual({
      found: false,
      text: 'This account is currently not available.\n',
      noise: '',
    });
    expect(unframe(`${marker.slice(0, -1)}x`, marker).found).toBe(false);
  });

  it('makes a new marker every time, of control characters around random hex', () => {
    const other = newMarker();
    expect(other).not.toBe(marker);
    const [start, middle, end] = [other.at(0), other.slice(1, -1), other.at(-1)];
    expect([start, end]).toEqual(['\u001f', '\u001f']);
    expect(middle).toMatch(/^slurmdeck:[0-9a-f]{18}$/);
  });
});

describe('unframeBytes', () => {
  const marker = newMarker();

  it('splits bytes at the marker: noise as text, the rest as the bytes that came', () => {
    const payload = Buffer.from([0, 0xff, 0x0a, 0x40, 0x1f]);
    const output = Buffer.concat([Buffer.from(`Welcome\n${marker}`, 'latin1'), payload]);
    const framed = unframeBytes(output, marker);
    expect(framed.found).toBe(true);
    expect(framed.noise).toBe('Welcome\n');
    expect(framed.bytes).toEqual(payload);
    expect(unframeBytes(Buffer.from('no marker'), marker)).toMatchObject({ found: false });
  });
});
