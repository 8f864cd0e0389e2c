import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildClusterView } from './cluster-view.js';
import { unhealthyNodes } from './node-views.js';
import { parseSinfo } from './sinfo-format.js';

const nodesIn = (name: string) =>
  buildClusterView(parseSinfo(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')))
    .nodes;

describe('unhealthyNodes on captured sinfo output', () => {
  it('picks out a drained node, once, with its reason', () => {
    const drained = unhealthyNodes(nodesIn('sinfo-22.05-drained.txt'));
    expect(drained.map((n) => [n.name, n.state])).toEqual([['n1', 'drained']]);
    expect(drained[0]?.reason).toBeTruthy();
  });

  it('finds none on a busy but healthy cluster', () => {
    expect(unhealthyNodes(nodesIn('sinfo-22.05-busy.txt'))).toEqual([]);
  });
});
