import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../../core/errors.js';
import { compressHostlist } from './hostlist-compress.js';
import { expandHostlist, MAX_HOSTLIST_NAMES } from './hostlist-expand.js';

describe('expandHostlist', () => {
  it.each([
    ['n1', ['n1']],
    ['n[1-3,7]', ['n1', 'n2', 'n3', 'n7']],
    ['n[1-3,7],gpu[01-04]', ['n1', 'n2', 'n3', 'n7', 'gpu01', 'gpu02', 'gpu03', 'gpu04']],
    ['gpu[08-11]', ['gpu08', 'gpu09', 'gpu10', 'gpu11']],
    ['n[9-11]', ['n9', 'n10', 'n11']],
    ['rack[1-2]-n[01-02]', ['rack1-n01', 'rack1-n02', 'rack2-n01', 'rack2-n02']],
    ['n[1-2]-ib', ['n1-ib', 'n2-ib']],
    ['n1, n2 n3', ['n1', 'n2', 'n3']],
    ['n[1-3],n2', ['n1', 'n2', 'n3']],
    ['node.example.org', ['node.example.org']],
    ['n[007]', ['n007']],
  ])('expands %s', (text, names) => {
    expect(expandHostlist(text)).toEqual(names);
  });

  it.each([
    ['n[1-3', /never closed/],
    ['n1-3]', /"\]" without "\["/],
    ['n[1-[2]]', /inside brackets/],
    ['n[]', /empty brackets/],
    ['n[3-1]', /runs backwards/],
    ['n[a-c]', /"a-c" is not a number/],
    ['n[1-]', /"1-" is not a number/],
    ['n1,,n2', /empty name at position 4/],
    ['n1,', /ends with ","/],
    ['', /names no host/],
    ['n$1', /"n\$1" is not a host name/],
    ['n[1-100000]', new RegExp(`more than ${MAX_HOSTLIST_NAMES}`)],
    ['a[1-1000]b[1-1000]', new RegExp(`more than ${MAX_HOSTLIST_NAMES}`)],
  ])('refuses %j with a reason', (text, why) => {
    let error: unknown;
    try {
      expandHostlist(text);
    } catch (caught) {
      error = caught;
    }
    expect(isSlurmdeckError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).toContain(JSON.stringify(text));
  });
});

describe('compressHostlist', () => {
  it.each([
    [['n1', 'n2', 'n3', 'n7'], 'n[1-3,7]'],
    [['gpu01', 'gpu02', 'gpu03', 'gpu04', 'n1'], 'gpu[01-04],n1'],
    [['n9', 'n10', 'n11'], 'n[9-11]'],
    [['n08', 'n09', 'n10'], 'n[08-10]'],
    [['n1', 'n01'], 'n[1,01]'],
    [['n3', 'n1', 'n2', 'n2'], 'n[1-3]'],
    [['rack1-n01', 'rack1-n02', 'rack2-n01', 'rack2-n02'], 'rack[1-2]-n[01-02]'],
    [['rack1-n01', 'rack2-n01'], 'rack[1-2]-n01'],
    [['rack1-n01', 'rack1-n02', 'rack2-n01'], 'rack1-n[01-02],rack2-n01'],
    [['login', 'n1'], 'login,n1'],
    [['n1-ib', 'n2-ib'], 'n[1-2]-ib'],
    [[], ''],
  ])('compresses %j to %s', (names, text) => {
    expect(compressHostlist(names)).toBe(text);
  });
});

// Names as clusters write them: a few prefixes, numbers with and without padding, suffixes.
const hostName = fc
  .tuple(
    fc.constantFrom('n', 'gpu', 'rack', 'node-', 'a.b', ''),
    fc.nat({ max: 40 }),
    fc.constantFrom(0, 2, 3),
    fc.constantFrom('', '-ib', '-n', 'x'),
    fc.option(fc.tuple(fc.nat({ max: 12 }), fc.constantFrom(0, 2)), { nil: undefined }),
  )
  .map(([prefix, n, width, suffix, inner]) => {
    const tail = inner ? String(inner[0]).padStart(inner[1], '0') : '';
    return `${prefix}${String(n).padStart(width, '0')}${suffix}${tail}`;
  });

describe('hostlist properties', () => {
  it('expand(compress(names)) is the same set of names', () => {
    fc.assert(
      fc.property(fc.array(hostName, { maxLength: 60 }), (names) => {
        const text = compressHostlist(names);
        fc.pre(names.length > 0);
        expect(new Set(expandHostlist(text))).toEqual(new Set(names));
        expect(expandHostlist(text)).toHaveLength(new Set(names).size);
      }),
      { numRuns: 500 },
    );
  });

  it('compress(expand(x)) round trips: expanding it again gives the same names', () => {
    const range = fc
      .tuple(fc.nat({ max: 30 }), fc.nat({ max: 6 }), fc.constantFrom(1, 2, 3))
      .map(([lo, span, width]) => {
        const a = String(lo).padStart(width, '0');
        return span === 0 ? a : `${a}-${String(lo + span).padStart(width, '0')}`;
      });
    const item = fc
      .tuple(
        fc.constantFrom('n', 'gpu', 'rack'),
        fc.array(range, { minLength: 1, maxLength: 3 }),
        fc.option(fc.array(range, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      )
      .map(([p, a, b]) => `${p}[${a.join(',')}]${b ? `-n[${b.join(',')}]` : ''}`);
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 4 }), (items) => {
        const names = expandHostlist(items.join(','));
        const compressed = compressHostlist(names);
        expect(new Set(expandHostlist(compressed))).toEqual(new Set(names));
        expect(compressHostlist(expandHostlist(compressed))).toBe(compressed);
      }),
      { numRuns: 500 },
    );
  });
});
