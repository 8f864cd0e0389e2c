import { createHash } from 'node:crypto';
import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';
import type { Target } from '../targets/resolve-targets.js';
import { describeFile, FileContent, writeFileAtomic, type WantedFile } from './remote-file.js';
import type { ChangeOperation, NodePlan } from './run-change.js';

export interface SyncSshOptions {
  /** One public key line: `ssh-ed25519 AAAA... comment`. */
  publicKey: string;
  /** Whose authorized_keys (default: the user the admin's ssh logs in as, or root). */
  user?: string;
  /** Where sshd reads that user's keys, if not ~user/.ssh/authorized_keys (AuthorizedKeysFile). */
  file?: string;
}

/** `type base64`: what makes two key lines the same key, whatever their comments. */
export function keyIdentity(line: string): string | undefined {
  const words = line.trim().split(/\s+/);
  const at = words.findIndex((w) => /^(ssh-|ecdsa-|sk-)/.test(w));
  const type = words[at];
  const body = words[at + 1];
  return at >= 0 && type && body && /^[A-Za-z0-9+/=]+$/.test(body) ? `${type} ${body}` : undefined;
}

/** The key's fingerprint as `ssh-keygen -l` prints it: SHA256 of the key blob, base64. */
export function keyFingerprint(identity: string): string {
  const blob = Buffer.from(identity.split(' ')[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export function checkPublicKey(line: string): string {
  const trimmed = line.trim();
  if (trimmed.includes('\n') || !keyIdentity(trimmed) || /PRIVATE KEY/.test(trimmed)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'that is not one OpenSSH public key line', {
      hint: 'Give the .pub file, e.g. --key ~/.ssh/id_ed25519.pub.',
    });
  }
  return trimmed;
}

// Prints the user's home and group, and the file's stat and content (public keys only).
const READ_SCRIPT = String.raw`
U="$1"; F="$2"
H=$(getent passwd "$U" | cut -d: -f6); G=$(id -gn "$U" 2>/dev/null)
[ -n "$H" ] || { echo "no user $U" >&2; exit 3; }
[ -n "$F" ] || F="$H/.ssh/authorized_keys"
printf '%s\n%s\n' "$F" "$G"
if [ -f "$F" ]; then stat -c '%U %G %a' -- "$F"; cat -- "$F"; else echo missing; fi
`;

interface SshPlan extends NodePlan {
  wanted: WantedFile | undefined;
  content: FileContent | undefined;
}

/** `admin sync-ssh`: one authorized key for the admin's user on every node, added once. */
export function syncSshOperation(
  access: AdminAccess,
  options: SyncSshOptions,
): ChangeOperation<SshPlan> {
  const line = checkPublicKey(options.publicKey);
  const identity = keyIdentity(line) as string;
  const user = options.user ?? access.nodeTarget('').user ?? 'root';
  const read = async (target: Target, signal?: AbortSignal) => {
    const result = await access
      .node(target.address)
      .exec(['sh', '-c', READ_SCRIPT, 'sh', user, options.file ?? ''], {
        timeoutMs: 20_000,
        ...(signal ? { signal } : {}),
      });
    if (result.exitCode !== 0) {
      throw new SlurmdeckError('SLURM_REJECTED', `${target.name}: ${result.stderr.trim()}`);
    }
    const [path = '', group = user, stat = 'missing', ...lines] = result.stdout.split('\n');
    const [owner, fileGroup, mode] = stat.split(' ');
    return { path, group, owner, fileGroup, mode, lines, missing: stat === 'missing' };
  };
  // What the file should become, from what is in it now.
  const plan = async (target: Target, signal?: AbortSignal) => {
    const file = await read(target, signal);
    const present = file.lines.some((l) => keyIdentity(l) === identity);
    const kept = file.lines.filter((l) => l.trim() !== '');
    const text = `${[...kept, line].join('\n')}\n`;
    const content = present ? undefined : new FileContent(Buffer.from(text).toString('base64'));
    const defaultPath = options.file === undefined;
    const wanted: WantedFile | undefined = content && {
      path: file.path,
      sha256: content.sha256,
      owner: file.missing ? user : (file.owner ?? user),
      group: file.missing ? file.group : (file.fileGroup ?? file.group),
      mode: file.missing ? '600' : (file.mode ?? '600'),
      ...(defaultPath ? { dir: { owner: user, group: file.group, mode: '700' } } : {}),
    };
    return { file, present, kept, content, wanted };
  };
  return {
    action: 'admin.sync-ssh',
    async inspect(target, signal) {
      const { file, present, kept, content, wanted } = await plan(target, signal);
      return {
        target,
        steps: present ? [] : [`add the key to ${file.path}`],
        wanted,
        content,
        before: `${file.path}: ${file.missing ? 'missing' : `${kept.length} key(s)`}, key ${present ? 'present' : 'absent'}`,
        requested: `key ${keyFingerprint(identity)} present`,
        fine: `the key is already in ${file.path}`,
      };
    },
    async apply(inspected, signal) {
      if (!inspected.wanted) return { after: inspected.before, summary: 'nothing to add' };
      // Read again: keys added since the inspection (another admin, cloud-init) are kept.
      const now = await plan(inspected.target, signal);
      if (!now.wanted || !now.content) {
        return { after: inspected.before, summary: 'the key was added meanwhile' };
      }
      const after = await writeFileAtomic(
        access.node(inspected.target.address),
        now.wanted,
        now.content,
        signal,
      );
      return {
        after: `${after.path}: ${describeFile(after)}, key present`,
        summary: `key added to ${after.path}`,
      };
    },
  };
}
