import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/index.js';
import { createTokenStore } from './tokens.js';

describe('API tokens', () => {
  it('issues slurmdeck_ tokens and still takes the sdk_ ones older versions issued', () => {
    const db = openDatabase({ file: ':memory:' });
    const tokens = createTokenStore(db);
    const fresh = tokens.create('ci', 'read');
    expect(fresh).toMatch(/^slurmdeck_[A-Za-z0-9_-]{43}$/);
    expect(tokens.verify(fresh)).toMatchObject({ name: 'ci', role: 'read' });
    // As an older version stored it: the hash of the whole token.
    const old = `sdk_${'A'.repeat(43)}`;
    db.prepare('INSERT INTO api_tokens (name, role, hash, created_at) VALUES (?, ?, ?, ?)').run(
      'laptop',
      'operate',
      createHash('sha256').update(old).digest('hex'),
      0,
    );
    expect(tokens.verify(old)).toMatchObject({ name: 'laptop', role: 'operate' });
    expect(tokens.verify(`nope_${'A'.repeat(43)}`)).toBeUndefined();
  });
});
