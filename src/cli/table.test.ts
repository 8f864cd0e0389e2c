import { describe, expect, it } from 'vitest';
import { renderTable } from './table.js';

const columns = [
  { header: 'ID', value: (r: { id: string; name: string }) => r.id, align: 'right' as const },
  { header: 'NAME', value: (r: { id: string; name: string }) => r.name, flexible: true },
];

describe('renderTable', () => {
  it('aligns columns under their headers', () => {
    const out = renderTable(
      [
        { id: '7', name: 'train' },
        { id: '1234', name: 'eval' },
      ],
      columns,
    );
    expect(out.split('\n')).toEqual(['  ID  NAME', '   7  train', '1234  eval']);
  });

  it('cuts the flexible column so every line fits the width', () => {
    const rows = [{ id: '1', name: 'x'.repeat(200) }];
    const lines = renderTable(rows, columns, 40).split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines[1]?.endsWith('…')).toBe(true);
  });
});
