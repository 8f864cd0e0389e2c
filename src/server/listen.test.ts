import { describe, expect, it } from 'vitest';
import { checkExposure } from './listen.js';

describe('checkExposure', () => {
  it('serves loopback over plain HTTP', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1'])
      expect(() => checkExposure(host, {})).not.toThrow();
  });

  it('refuses plain HTTP on another address unless asked for it, or given TLS', () => {
    expect(() => checkExposure('0.0.0.0', {})).toThrow(/plain HTTP/);
    expect(() => checkExposure('10.0.0.5', { insecureHttp: true })).not.toThrow();
    expect(() => checkExposure('10.0.0.5', { tlsCert: 'c.pem', tlsKey: 'k.pem' })).not.toThrow();
  });

  it('wants the certificate and the key together', () => {
    expect(() => checkExposure('127.0.0.1', { tlsCert: 'c.pem' })).toThrow(/go together/);
  });
});
