import { chownSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SlurmdeckError } from '../core/errors.js';

const BEGIN = '# >>> slurmdeck dev-cluster: chatty startup >>>';
const END = '# <<< slurmdeck dev-cluster: chatty startup <<<';

/**
 * What many sites put at the top of a startup file, before any "not interactive: return": a
 * banner on stdout and a module message on stderr (module commands print from a child process).
 */
const CHATTY = {
  '.bashrc': [
    'echo "Welcome to the slurmdeck dev cluster (a banner on stdout)"',
    'echo "module: loaded dev/1.0 (a message on stderr)" >&2',
  ],
  '.tcshrc': [
    'echo "Welcome to the slurmdeck dev cluster (a banner on stdout, tcsh)"',
    '/bin/sh -c \'echo "module: loaded dev/1.0 (a message on stderr, tcsh)" >&2\'',
  ],
} as const;
const FILES = Object.keys(CHATTY) as Array<keyof typeof CHATTY>;

interface Account {
  uid: number;
  gid: number;
  home: string;
}

function account(user: string): Account {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  const [, , uid, gid, , home] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined || !home) {
    throw new SlurmdeckError('DEV_CLUSTER', `no user ${user} in /etc/passwd`, {
      hint: 'Run `slurmdeck dev-cluster up` first: it creates the test users.',
    });
  }
  return { uid: Number(uid), gid: Number(gid), home };
}

/**
 * Puts printing lines at the top of the user's ~/.bashrc and ~/.tcshrc (tcsh reads it before
 * ~/.cshrc), for tests of a chatty login. Returns what undoes it; `quietStartupFiles` does too.
 */
export function chattyStartupFiles(user: string): () => void {
  const { uid, gid, home } = account(user);
  quietStartupFiles(user);
  for (const name of FILES) {
    const file = join(home, name);
    const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
    writeFileSync(file, [BEGIN, ...CHATTY[name], END, before].join('\n'));
    chownSync(file, uid, gid);
  }
  return () => quietStartupFiles(user);
}

/** Takes out what chattyStartupFiles added; a file it created and left empty goes away. */
export function quietStartupFiles(user: string): void {
  const { home } = account(user);
  for (const name of FILES) {
    const file = join(home, name);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const begin = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    if (begin < 0 || end < begin) continue;
    const rest = text.slice(0, begin) + text.slice(end + END.length).replace(/^\n/, '');
    if (rest === '') rmSync(file);
    else writeFileSync(file, rest);
  }
}
