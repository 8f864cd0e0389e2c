import { quoteArgv } from '../../transport/index.js';

/** Copies get a tmux server of their own, apart from the sessions' one. */
export const COPY_TMUX_SOCKET = 'slurmdeck-data';
export const copyTmuxName = (id: string) => `slurmdeck-copy-${id}`;

const PRELUDE = `id=$1; d="$HOME/.slurmdeck/copies/$id"; t="slurmdeck-copy-$id"
tm() { tmux -L ${COPY_TMUX_SOCKET} "$@"; }
`;

/**
 * What runs inside tmux on the data node: rsync into the copy's log, then its exit code,
 * written atomically. --partial keeps half-sent files, so running it again resumes.
 */
export function copyRunScript(
  id: string,
  source: string,
  target: string,
  extra: readonly string[],
): string {
  const rsync = quoteArgv([
    'rsync',
    '--archive',
    '--partial',
    '--info=progress2',
    ...extra,
    source,
    target,
  ]);
  return `d="$HOME/.slurmdeck/copies/${id}"
${rsync} >> "$d/log" 2>&1
echo $? > "$d/exit.tmp" && mv "$d/exit.tmp" "$d/exit"
`;
}

/** Starts (or resumes) a copy: stdin is the run script. Refuses one that still runs. */
export const START = `${PRELUDE}set -e
command -v rsync >/dev/null || { echo "rsync is not installed on this host" >&2; exit 4; }
command -v tmux >/dev/null || { echo "tmux is not installed on this host" >&2; exit 4; }
if tm has-session -t "=$t" 2>/dev/null; then echo "copy $id is still running" >&2; exit 5; fi
mkdir -p "$d"; cat > "$d/run.sh"; rm -f "$d/exit"
printf '\\n' >> "$d/log"
tm new-session -d -s "$t" -x 200 -y 20 -- sh "$d/run.sh"
echo STARTED
`;

/** State of each copy named in $@: alive, exit code, and the log's last 4 KiB in base64. */
export const STATUS = `for id in "$@"; do d="$HOME/.slurmdeck/copies/$id"
echo "ID $id"
[ -d "$d" ] || { echo GONE; continue; }
if tmux -L ${COPY_TMUX_SOCKET} has-session -t "=slurmdeck-copy-$id" 2>/dev/null; then echo ALIVE; fi
[ -f "$d/exit" ] && echo "EXIT $(cat "$d/exit")"
echo "LOG $(tail -c 4096 "$d/log" 2>/dev/null | base64 -w0)"
done
`;

/** Stops rsync (SIGTERM: it exits 20 and the script records that), leaving the partial files. */
export const CANCEL = `${PRELUDE}pp=$(tm display-message -p -t "=$t:" '#{pane_pid}' 2>/dev/null) || { echo NOTRUNNING; exit 0; }
pkill -TERM -P "$pp" rsync || true
echo CANCELLED
`;
