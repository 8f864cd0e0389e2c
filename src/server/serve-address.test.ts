import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/index.js';
import { createServeAddress } from './serve-address.js';

describe('createServeAddress', () => {
  it('gives the recorded URL while its process lives, and forgets it on clear', () => {
    const address = createServeAddress(openDatabase({ file: ':memory:' }));
    expect(address.running()).toBeUndefined();
    address.record('http://127.0.0.1:8080', 4242);
    expect(address.running((pid) => pid === 4242)).toBe('http://127.0.0.1:8080');
    // A server killed without clearing: its address is stale, not offered.
    expect(address.running(() => false)).toBeUndefined();
    address.record('http://127.0.0.1:9090', process.pid);
    expect(address.running()).toBe('http://127.0.0.1:9090');
    address.clear(4242); // an older server stopping late does not erase the newer one
    expect(address.running()).toBe('http://127.0.0.1:9090');
    address.clear(process.pid);
    expect(address.running()).toBeUndefined();
  });
});
