import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const configFile = inject('configFile');
const root = inject('devRoot');
const env = { ...process.env, SLURMDECK_CONFIG: configFile };

const asRoot = (argv: string[]) =>
  execFileSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
    encoding: 'utf8',
  }).trim();

/** A job of sduser, submitted straight to Slurm as that user would. */
const submitAs = (user: string, args: string[]) =>
  asRoot(['runuser', '-u', user, '--', 'sbatch', '--parsable', ...args, '--wrap', 'sleep 300']);

const left: string[] = [];
afterAll(() => {
  for (const id of left) asRoot(['scancel', id]);
});

describe('slurmdeck cancel --mine with a filter', () => {
  it('cancels exactly the listed jobs of yours that match, after showing them', async () => {
    const name = `flt-${process.pid}`;
    const held = [
      submitAs('sduser', ['--hold', '-J', name]),
      submitAs('sduser', ['--hold', '-J', name]),
    ];
    const otherName = submitAs('sduser', ['--hold', '-J', `${name}-x`]);
    left.push(...held, otherName);

    const declined = await runCli(['cancel', '--mine', '--state', 'PD', '--name', name], env);
    expect(declined.code).toBe(4);
    const listed = (id: string) => new RegExp(`^  ${id}  `, 'm');
    for (const id of held) expect(declined.stderr).toMatch(listed(id));
    expect(declined.stderr).not.toMatch(listed(otherName));
    expect(asRoot(['squeue', '-h', '-j', held.join(','), '-o', '%i'])).not.toBe('');

    const done = await runCli(['cancel', '--mine', '--state', 'PD', '--name', name, '--yes'], env);
    expect(done.code, done.stderr).toBe(0);
    const cancelled = /^cancelled (.+)$/m.exec(done.stdout)?.[1]?.split(', ');
    expect(cancelled?.sort()).toEqual([...held].sort());
    const states = asRoot([
      'squeue',
      '-h',
      '-t',
      'all',
      '-j',
      [...held, otherName].join(','),
      '-o',
      '%i %T',
    ]);
    expect(states).toMatch(new RegExp(`^${otherName} PENDING$`, 'm'));
    for (const id of held) expect(states).not.toMatch(new RegExp(`^${id} PENDING$`, 'm'));
  });

  it("cancels an array's pending tasks, which squeue lists as one line", async () => {
    const name = `flt-arr-${process.pid}`;
    const array = submitAs('sduser', ['--hold', '--array=1-4', '-J', name]);
    left.push(array);
    expect(asRoot(['squeue', '-h', '-j', array, '-o', '%i'])).toBe(`${array}_[1-4]`);
    const done = await runCli(['cancel', '--mine', '--name', name, '--yes'], env);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toBe(`cancelled ${array}_[1-4]\n`);
    expect(asRoot(['squeue', '-h', '-j', array, '-o', '%i'])).toBe('');
  });

  it('refuses a filter without --mine and names what to add', async () => {
    const out = await runCli(['cancel', '--state', 'PD'], env);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/INVALID_ARGUMENT: a filter selects among your own jobs only/);
    expect(out.stderr).toMatch(/--mine/);
  });
});
