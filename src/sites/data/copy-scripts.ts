import { quoteArgv } from '../../transport/index.js';

/** Copies get a tmux server of their own, apart from the sessions' one. */
export const COPY_TMUX_SOCKET = 'slurmdeck-data';
export const copyTmuxName = (id: string) => `slurmdeck-copy-${id}`;

const PRELUDE = `id=$1; d="$HOME/.slurmdeck/copies/$id"; t="slurmdeck-copy-$id"
tm() { tmux -L ${COPY_TMUX_SOCKET} "$@"; }
`;

const RSYNC = ['rsync', '--archive', '--partial', '--info=progress2'];

/**
 * ssh for an end on another host (`HOST:PATH`, as a relayed copy's target): nobody is there to
 * answer a prompt inside tmux, host keys are checked, never learned, and a dead peer ends rsync.
 */
export const REMOTE_SHELL =
  'ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o ConnectTimeout=20 -o ServerAliveInterval=15 -o ServerAliveCountMax=4';

/** rsync's own rule: a colon before the first slash makes a path remote. */
export const isRemotePath = (path: string) => /^[^/]*:/.test(path) && !path.startsWith('rsync://');

const rsyncFor = (source: string, target: string) =>
  isRemotePath(source) || isRemotePath(target) ? [...RSYNC, '-e', REMOTE_SHELL] : RSYNC;

/**
 * What runs inside tmux on the data node: rsync into the copy's log, then its exit code,
 * written atomically. --partial keeps half-sent files, so running it again resumes.
 * With `parallel` > 1 and a folder as the source, see parallelPart.
 */
export function copyRunScript(
  id: string,
  source: string,
  target: string,
  extra: readonly string[],
  parallel = 1,
): string {
  const rsync = quoteArgv([...rsyncFor(source, target), ...extra, source, target]);
  return `d="$HOME/.slurmdeck/copies/${id}"
ended() { echo "$1" > "$d/exit.tmp" && mv "$d/exit.tmp" "$d/exit"; exit 0; }
# A cancel that came before an rsync ran (see CANCEL) ends the copy as rsync would: 20.
${parallel > 1 ? parallelPart(source, target, extra, parallel) : ''}[ -f "$d/cancelled" ] && ended 20
${rsync} >> "$d/log" 2>&1
ended $?
`;
}

/**
 * N rsync streams first, each with its share of the files (largest first, dealt round-robin,
 * names NUL-separated), logging to log.K; the final plain rsync after them then only creates
 * folders, sets their times and copies what changed meanwhile. A failed stream ends the copy
 * with its exit code. TOTAL (bytes) lets status add up the streams' progress.
 */
function parallelPart(source: string, target: string, extra: readonly string[], n: number) {
  const q = (value: string) => quoteArgv([value]);
  const stream = quoteArgv([...rsyncFor(source, target), ...extra, '--from0']);
  // A remote target is made by rsync itself there (its host may run nothing else).
  const makeTarget = isRemotePath(target)
    ? `mkdir -p "$d/empty" && ${quoteArgv([...rsyncFor(source, target), '--dirs', '--mkpath'])} "$d/empty/" "$dst" >> "$d/log" 2>&1 || ended $?`
    : 'mkdir -p -- "$dst" 2>> "$d/log" || ended 11';
  return `src=${q(source)}; dst=${q(target)}
if [ -d "$src" ]; then
  case "$src" in */) base=$src; top=.;; *) base=$(dirname -- "$src")/; top=$(basename -- "$src");; esac
  case "$dst" in */) ;; *) dst=$dst/;; esac
  rm -f "$d"/list.* "$d"/log.* "$d"/exit.* "$d/total"
  { (cd "$base" && find "$top" ! -type d -printf '%s\\t%p\\0') | sort -z -t "$(printf '\\t')" -k1,1rn > "$d/files"
    cut -z -f2- < "$d/files" | split -t '\\0' -n r/${n} - "$d/list."
  } 2>> "$d/log"
  [ -f "$d/cancelled" ] && ended 20
  if [ -e "$d/list.aa" ]; then
    # Made once here: rsync streams that each create a missing target at once can fail on
    # each other (mkdir: File exists, exit 11).
    ${makeTarget}
    cut -z -f1 < "$d/files" | tr '\\0' '\\n' | awk '{ s += $1 } END { printf "%d\\n", s }' > "$d/total"
    for l in "$d"/list.*; do
      k=\${l##*.}
      ( ${stream} --files-from="$l" "$base" "$dst" > "$d/log.$k" 2>&1; echo $? > "$d/exit.$k" ) &
    done
    wait
    for e in "$d"/exit.*; do r=$(cat "$e"); [ "$r" = 0 ] || ended "$r"; done
  else
    # No GNU find/sort/split here: one rsync does it all.
    echo "slurmdeck: could not share out the files (see above); copying with one rsync" >> "$d/log"
  fi
fi
`;
}

/** Starts (or resumes) a copy: stdin is the run script. Refuses one that still runs. */
export const START = `${PRELUDE}set -e
command -v rsync >/dev/null || { echo "rsync is not installed on this host" >&2; exit 4; }
command -v tmux >/dev/null || { echo "tmux is not installed on this host" >&2; exit 4; }
if tm has-session -t "=$t" 2>/dev/null; then echo "copy $id is still running" >&2; exit 5; fi
mkdir -p "$d"; cat > "$d/run.sh"; rm -f "$d/exit" "$d/cancelled"
printf '\\n' >> "$d/log"
# A tmux server whose last session just ended may still be exiting: the client then says
# "server exited unexpectedly" and nothing started. Once more, on a fresh server.
tm new-session -d -s "$t" -x 200 -y 20 -- sh "$d/run.sh" 2>/dev/null ||
  { sleep 0.5; tm new-session -d -s "$t" -x 200 -y 20 -- sh "$d/run.sh"; }
echo STARTED
`;

/** State of each copy named in $@: alive, exit code, and the log's last 4 KiB in base64. */
export const STATUS = `for id in "$@"; do d="$HOME/.slurmdeck/copies/$id"
echo "ID $id"
[ -d "$d" ] || { echo GONE; continue; }
if tmux -L ${COPY_TMUX_SOCKET} has-session -t "=slurmdeck-copy-$id" 2>/dev/null; then echo ALIVE; fi
[ -f "$d/exit" ] && echo "EXIT $(cat "$d/exit")"
echo "LOG $(tail -c 4096 "$d/log" 2>/dev/null | base64 -w0)"
[ -f "$d/total" ] && echo "TOTAL $(cat "$d/total")"
for p in "$d"/log.*; do [ -f "$p" ] && echo "PART $(tail -c 1024 "$p" | base64 -w0)"; done
done
`;

/**
 * Stops every rsync of the copy (SIGTERM: each exits 20 and the script records that), leaving
 * the partial files. The pane's shell leads a session of its own, which holds all the streams;
 * the `cancelled` file stops an rsync that has not started yet (while the files are listed).
 */
export const CANCEL = `${PRELUDE}pp=$(tm display-message -p -t "=$t:" '#{pane_pid}' 2>/dev/null) || { echo NOTRUNNING; exit 0; }
touch "$d/cancelled"
pkill -TERM -s "$pp" -x rsync || true
echo CANCELLED
`;
