/**
 * The data host's gate for the test users, as at sites whose data nodes refuse a shell: only a
 * command line that starts with rsync (an rsync over ssh runs `rsync --server ...`) or tmux,
 * with nothing that would chain another command, runs; anything else is refused.
 */
export const DATA_HOST_GATE = String.raw`#!/bin/sh
cmd=${'$'}{SSH_ORIGINAL_COMMAND:-}
case $cmd in
  *[\;\&\|\`\$\<\>\(\)]* | *'
'*) ;;
  rsync | tmux | 'rsync '* | 'tmux '*) exec /bin/sh -c "$cmd" ;;
esac
echo "this data host runs only rsync and tmux, not: ${'$'}{cmd:-a login shell}" >&2
exit 1
`;

/** sshd on the data host: the usual config, with these users' commands sent through the gate. */
export function dataSshdConfig(base: string, users: readonly string[], gate: string): string {
  return `${base}Match User ${users.join(',')}\n    ForceCommand ${gate}\n`;
}
