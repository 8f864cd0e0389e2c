import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalTransport } from './local.js';
import { withSetup } from './with-setup.js';

// A folder with a fake `squeue`, reachable only once the setup puts it on PATH.
function hiddenTool(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdeck-setup-'));
  writeFileSync(join(dir, 'fake-squeue'), '#!/bin/sh\necho "queue of $SETUP_USER: $*"\n');
  chmodSync(join(dir, 'fake-squeue'), 0o755);
  return dir;
}

describe('withSetup', () => {
  it('runs every command after the setup, in the same shell', async () => {
    const dir = hiddenTool();
    const bare = createLocalTransport();
    expect((await bare.exec(['sh', '-c', 'command -v fake-squeue || echo missing'])).stdout).toBe(
      'missing\n',
    );
    const transport = withSetup(bare, `PATH=${dir}:$PATH; export SETUP_USER=alice; echo loaded`);
    const result = await transport.exec(['fake-squeue', '--me', "it's"]);
    expect(result.exitCode).toBe(0);
    // What the setup prints goes to stderr: stdout is the command's alone.
    expect(result.stdout).toBe("queue of alice: --me it's\n");
    expect(result.stderr).toContain('loaded');
    expect(result.argv).toEqual(['fake-squeue', '--me', "it's"]);
  });

  it('passes the command’s own exit code through', async () => {
    const transport = withSetup(createLocalTransport(), 'true');
    expect((await transport.exec(['sh', '-c', 'exit 7'])).exitCode).toBe(7);
  });

  it('says the setup failed, with what it printed, instead of blaming the command', async () => {
    const transport = withSetup(
      createLocalTransport(),
      'echo "Lmod has detected the following error: slurm not found" >&2; false',
    );
    await expect(transport.exec(['squeue'])).rejects.toMatchObject({
      code: 'SLURM_UNAVAILABLE',
      message: expect.stringContaining('slurm not found'),
    });
  });

  it('leaves a transport without setup as it is', () => {
    const bare = createLocalTransport();
    expect(withSetup(bare, undefined)).toBe(bare);
    expect(withSetup(bare, '  ')).toBe(bare);
  });
});
