import { describe, expect, it } from 'vitest';
import { createOutputRedactor } from './output-redactor.js';

const redact = createOutputRedactor(['s3cret-webhook-value']);

describe('createOutputRedactor', () => {
  it.each([
    ['a known secret', 'posting to s3cret-webhook-value', 'posting to ***'],
    ['an env assignment', 'WANDB_API_KEY=a1b2c3d4e5f6a7b8', 'WANDB_API_KEY=***'],
    ['a password in YAML', 'password: "hunter2hunter2x9"', 'password: ***'],
    ['a bearer header', 'Authorization: Bearer abc.def.ghi123', 'Authorization: Bearer ***'],
    ['a Hugging Face token', 'hf_abcdefghijklmnopqrstuvwxyz0123456789', '***'],
    ['a GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', '***'],
    ['a slurmdeck API token', `slurmdeck_${'x'.repeat(43)}`, '***'],
    ['a slurmdeck job token', `slurmdeckjob_${'x'.repeat(43)}`, '***'],
    ['an API token of an older version', `sdk_${'x'.repeat(43)}`, '***'],
    [
      'a URL password',
      'git clone https://me:pa55word@host/repo',
      'git clone https://me:***@host/repo',
    ],
  ])('masks %s', (_name, raw, clean) => {
    expect(redact(raw)).toBe(clean);
  });

  it.each([
    ['token counts', 'max_tokens=512 tokens: 4096'],
    ['a training log', 'step 100 loss 0.25 lr 3e-4'],
    ['a secret mentioned without a value', 'set SECRET in the environment'],
  ])('leaves %s alone', (_name, text) => {
    expect(redact(text)).toBe(text);
  });

  it('masks a private key block whole', () => {
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA\n-----END OPENSSH PRIVATE KEY-----';
    expect(redact(`before\n${key}\nafter`)).toBe('before\n***\nafter');
  });
});
