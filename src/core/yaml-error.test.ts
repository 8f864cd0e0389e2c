import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { describeYamlError, keyPathAt } from './yaml-error.js';

const cases: Array<{ text: string; shown: RegExp }> = [
  {
    text: 'clusters:\n  hpc:\n    host: a\n    token: "abc-secret\n',
    shown: /^line 5, column 1 \(under clusters\.hpc\.token\): Missing closing "quote$/,
  },
  {
    text: 'notify:\n  channels:\n    ops: url: https://u:secret@example.org\n',
    shown: /^line 3, column 10 \(under notify\.channels\.ops\): Nested mappings/,
  },
  { text: 'x:\n\t- y: secret\n', shown: /^line 2, column 1 \(under x\.y\): Tabs are not allowed/ },
];

describe('describeYamlError', () => {
  it.each(cases)('names the place of $shown and none of the values', ({ text, shown }) => {
    const error = parseDocument(text).errors[0];
    if (!error) throw new Error('expected a YAML error');
    const told = describeYamlError(error, text);
    expect(told).toMatch(shown);
    expect(told).not.toMatch(/secret/);
  });
});

describe('keyPathAt', () => {
  it('follows indentation up to the top-level key', () => {
    const text = 'a:\n  b:\n    - c: 1\n    - d: 2\n  e: 3\n';
    expect(keyPathAt(text, 4)).toBe('a.b.d');
    expect(keyPathAt(text, 5)).toBe('a.e');
    expect(keyPathAt('', 1)).toBeUndefined();
  });
});
