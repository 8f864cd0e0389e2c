import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSdiag, rpcDelta } from './sdiag.js';

const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseSdiag on real 22.05 output', () => {
  const report = parseSdiag(read('sdiag-22.05.txt'));

  it('reads RPC counts by message type', () => {
    expect(report.rpcsByType['REQUEST_JOB_INFO']).toMatchObject({ id: 2003 });
    expect(report.rpcsByType['REQUEST_JOB_INFO']?.count).toBeGreaterThan(0);
    expect(report.rpcsByType['REQUEST_NODE_INFO']?.id).toBe(2007);
    expect(report.rpcsByType['REQUEST_PARTITION_INFO']?.id).toBe(2009);
  });

  it('reads RPC counts by user without mixing them into the types', () => {
    expect(report.rpcsByUser['root']?.id).toBe(0);
    expect(report.rpcsByUser['sduser']?.id).toBe(1002);
    expect(report.rpcsByType['root']).toBeUndefined();
  });

  it('reads header counters', () => {
    expect(report.counters['Server thread count']).toBeGreaterThan(0);
    expect(report.counters['Jobs submitted']).toBeGreaterThan(0);
  });
});

describe('rpcDelta', () => {
  const line = (n: number) =>
    `Remote Procedure Call statistics by message type\n\tREQUEST_JOB_INFO                        ( 2003) count:${n}      ave_time:344    total_time:689\n`;

  it('counts the RPCs of one type between two reports', () => {
    expect(rpcDelta(parseSdiag(line(2)), parseSdiag(line(3)), 'REQUEST_JOB_INFO')).toBe(1);
    expect(rpcDelta(parseSdiag(''), parseSdiag(line(4)), 'REQUEST_JOB_INFO')).toBe(4);
    expect(rpcDelta(parseSdiag(line(4)), parseSdiag(line(4)), 'REQUEST_NODE_INFO')).toBe(0);
  });
});
