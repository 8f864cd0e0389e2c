import { MAX_KEY_LENGTH, MAX_STEP } from './batch-parse.js';
import type { Batch, WirePoint } from './types.js';

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
/** Below this a decimal's digits form an exact double (Clinger's fast path). */
const EXACT_MANTISSA = 2 ** 53;
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);
const RUN_ID = /^[\w.-]{1,128}$/;

/** Thrown inside the scan when the line is not in the plain shape: the caller parses it fully. */
const NOT_PLAIN = Symbol('not plain');

/**
 * A spool line as the clients write it (`{"run":..,"seq":..,"points":[{"k":..,"s":..,"v":..,
 * "t":..},..]}`, no spaces, no escapes, no other fields), read without JSON.parse and its
 * objects: the same batch `parseNdjsonBatches` gives, or undefined for any other line (then
 * parse it that way: it accepts more, and words the errors).
 */
export function scanSpoolBatch(text: string): Batch | undefined {
  try {
    return new Scanner(text).batch();
  } catch (error) {
    if (error === NOT_PLAIN) return undefined;
    throw error;
  }
}

/** Keys seen in earlier points, matched in place (a series' key repeats in every point). */
const recentKeys: string[] = [];

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  batch(): Batch {
    let run: string | undefined;
    let seq: number | undefined;
    let points: WirePoint[] | undefined;
    this.expect(OPEN_BRACE);
    do {
      const field = this.fieldName();
      if (field === 'run' && run === undefined) run = this.string();
      else if (field === 'seq' && seq === undefined) seq = this.number();
      else if (field === 'points' && points === undefined) points = this.points();
      else throw NOT_PLAIN;
    } while (this.comma());
    this.expect(CLOSE_BRACE);
    if (this.pos !== this.text.length || run === undefined || seq === undefined || !points)
      throw NOT_PLAIN;
    if (!RUN_ID.test(run) || !Number.isSafeInteger(seq) || seq < 1) throw NOT_PLAIN;
    return { run, seq, points };
  }

  points(): WirePoint[] {
    const points: WirePoint[] = [];
    this.expect(OPEN_BRACKET);
    if (this.text.charCodeAt(this.pos) === CLOSE_BRACKET) {
      this.pos++;
      return points;
    }
    do points.push(this.point());
    while (this.comma());
    this.expect(CLOSE_BRACKET);
    return points;
  }

  point(): WirePoint {
    let k: string | undefined;
    let s: number | undefined;
    let v: number | undefined;
    let t: number | undefined;
    this.expect(OPEN_BRACE);
    do {
      const field = this.fieldName();
      if (field === 'k' && k === undefined) k = this.key();
      else if (field === 's' && s === undefined) s = this.number();
      else if (field === 'v' && v === undefined) v = this.value();
      else if (field === 't' && t === undefined) t = this.number();
      else throw NOT_PLAIN;
    } while (this.comma());
    this.expect(CLOSE_BRACE);
    if (k === undefined || s === undefined || v === undefined || t === undefined) throw NOT_PLAIN;
    if (k.length === 0 || k.length > MAX_KEY_LENGTH) throw NOT_PLAIN;
    if (!Number.isInteger(s) || s < 0 || s > MAX_STEP) throw NOT_PLAIN;
    if (!Number.isFinite(t) || t < 0) throw NOT_PLAIN;
    return { k, s, v, t };
  }

  /** `"name":` of one of the few fields known: the name, its quotes and colon passed. */
  fieldName(): string {
    const { text } = this;
    if (text.charCodeAt(this.pos) !== QUOTE) throw NOT_PLAIN;
    const start = this.pos + 1;
    const end = text.indexOf('"', start);
    if (end < 0 || end - start > 6 || text.charCodeAt(end + 1) !== COLON) throw NOT_PLAIN;
    this.pos = end + 2;
    switch (end - start) {
      case 1:
        return text[start] as string;
      case 3:
        return text.startsWith('run', start) ? 'run' : text.startsWith('seq', start) ? 'seq' : '';
      case 6:
        return text.startsWith('points', start) ? 'points' : '';
      default:
        return '';
    }
  }

  /** A metric key: an earlier point's string when it is the same, without a new one. */
  key(): string {
    const { text } = this;
    if (text.charCodeAt(this.pos) !== QUOTE) throw NOT_PLAIN;
    const start = this.pos + 1;
    const end = text.indexOf('"', start);
    if (end < 0) throw NOT_PLAIN;
    const length = end - start;
    for (const known of recentKeys) {
      if (known.length === length && text.startsWith(known, start)) {
        this.pos = end + 1;
        return known;
      }
    }
    const key = this.string();
    if (recentKeys.length >= 16) recentKeys.shift();
    recentKeys.push(key);
    return key;
  }

  /** A string without escapes or control characters (JSON.parse reads any other). */
  string(): string {
    const { text } = this;
    if (text.charCodeAt(this.pos) !== QUOTE) throw NOT_PLAIN;
    const start = this.pos + 1;
    const end = text.indexOf('"', start);
    if (end < 0) throw NOT_PLAIN;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH || c < 0x20) throw NOT_PLAIN;
    }
    this.pos = end + 1;
    return text.slice(start, end);
  }

  /** A point's value: a number, null (NaN), or the strings the clients send for NaN and infinities. */
  value(): number {
    const c = this.text.charCodeAt(this.pos);
    if (c === QUOTE) {
      const special = this.string();
      if (special === 'NaN') return Number.NaN;
      if (special === 'Infinity') return Number.POSITIVE_INFINITY;
      if (special === '-Infinity') return Number.NEGATIVE_INFINITY;
      throw NOT_PLAIN;
    }
    if (c === 0x6e) {
      if (!this.text.startsWith('null', this.pos)) throw NOT_PLAIN;
      this.pos += 4;
      return Number.NaN;
    }
    return this.number();
  }

  /**
   * A JSON number, exactly as JSON.parse reads it: digits that fit a double exactly, divided by
   * an exact power of ten (one correctly rounded division); anything longer through Number().
   */
  number(): number {
    const { text } = this;
    const start = this.pos;
    let pos = start;
    const negative = text.charCodeAt(pos) === MINUS;
    if (negative) pos++;
    let mantissa = 0;
    let exact = true;
    const intStart = pos;
    let c = text.charCodeAt(pos);
    while (c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      c = text.charCodeAt(++pos);
    }
    const intDigits = pos - intStart;
    if (intDigits === 0 || (intDigits > 1 && text.charCodeAt(intStart) === ZERO)) throw NOT_PLAIN;
    if (mantissa >= EXACT_MANTISSA) exact = false;
    let fraction = 0;
    if (c === DOT) {
      const fracStart = ++pos;
      c = text.charCodeAt(pos);
      while (c >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        c = text.charCodeAt(++pos);
      }
      fraction = pos - fracStart;
      if (fraction === 0) throw NOT_PLAIN;
      if (mantissa >= EXACT_MANTISSA || fraction >= POWERS_OF_TEN.length) exact = false;
    }
    if (c === 0x65 || c === 0x45) {
      c = text.charCodeAt(++pos);
      if (c === 0x2b || c === MINUS) c = text.charCodeAt(++pos);
      const expStart = pos;
      while (c >= ZERO && c <= NINE) c = text.charCodeAt(++pos);
      if (pos === expStart) throw NOT_PLAIN;
      exact = false;
    }
    this.pos = pos;
    if (!exact) return Number(text.slice(start, pos));
    const value = fraction === 0 ? mantissa : mantissa / (POWERS_OF_TEN[fraction] as number);
    return negative ? -value : value;
  }

  comma(): boolean {
    if (this.text.charCodeAt(this.pos) !== COMMA) return false;
    this.pos++;
    return true;
  }

  expect(code: number): void {
    if (this.text.charCodeAt(this.pos) !== code) throw NOT_PLAIN;
    this.pos++;
  }
}
