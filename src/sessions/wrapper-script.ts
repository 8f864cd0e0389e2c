import { quoteArgv } from '../transport/shell-quote.js';
import { setupLines } from '../transport/with-setup.js';
import { TMUX_SOCKET } from './names.js';

export interface WrapperOptions {
  tmux: string;
  marker: string;
  srunArgs: readonly string[];
  exclude: readonly string[];
  healthCommand: string | undefined;
  maxRetries: number;
  /** 0: never. */
  idleReleaseSeconds: number;
  /**
   * The cluster's setup (e.g. `module load slurm`): run here, since a tmux server started
   * earlier without it would hand this script an environment where srun is missing.
   */
  setup?: string | undefined;
}

/** Exit code of the bootstrap when the health command failed: the wrapper marks the node bad. */
export const HEALTH_FAILED_EXIT = 86;

/**
 * Runs on the compute node as the srun task: says where it landed, runs the health command,
 * then becomes the interactive shell. Plain sh, since a container may have nothing else.
 */
export const BOOTSTRAP = `n=$SLURMDECK_MARKER; a=$SLURMDECK_ATTEMPT
printf '\\n@@%s@@UP %s %s %s %s\\n' "$n" "$a" "$SLURM_JOB_ID" "$SLURMD_NODENAME" "$(date +%s)"
if [ -n "$SLURMDECK_HEALTH" ]; then
  if command -v timeout >/dev/null 2>&1; then o=$(timeout 300 sh -c "$SLURMDECK_HEALTH" 2>&1); else o=$(sh -c "$SLURMDECK_HEALTH" 2>&1); fi
  r=$?
  if [ "$r" -ne 0 ]; then
    printf '\\n@@%s@@HEALTH %s exit %s: %s\\n' "$n" "$a" "$r" "$(printf '%s' "$o" | tail -n 3 | tr '\\r\\n' '  ' | cut -c1-200)"
    exit ${HEALTH_FAILED_EXIT}
  fi
fi
printf '\\n@@%s@@READY %s %s\\n' "$n" "$a" "$(date +%s)"
unset SLURMDECK_HEALTH SLURMDECK_MARKER SLURMDECK_ATTEMPT
if command -v bash >/dev/null 2>&1; then exec bash -i; else exec sh -i; fi`;

/**
 * The bash script the tmux session runs on the login node. It owns the srun: runs it with
 * \`--pty\`, and when the shell never comes up on a node (launch or container failure, failed
 * health command) records that node as bad and tries again without it, up to maxRetries. With
 * --idle-release it also ends the session once it has sat idle at its prompt for that long (see
 * idle_watch: a running command or new output is use). It writes
 * what happens to \`events\` (one "<unix time> <what>" line each), which status reads.
 */
export function wrapperScript(o: WrapperOptions): string {
  const q = (value: string) => quoteArgv([value]);
  const tick = Math.min(30, Math.max(1, Math.floor(o.idleReleaseSeconds / 4)));
  return `#!/bin/bash
T=${q(o.tmux)}; n=${q(o.marker)}; max=${o.maxRetries}; idle=${o.idleReleaseSeconds}; tick=${tick}
d="$HOME/.slurmdeck/sessions/$T"
excl=${q(o.exclude.join(','))}
health=${q(o.healthCommand ?? '')}
srunargs=(${o.srunArgs.length ? quoteArgv(o.srunArgs) : ''})
boot=${q(BOOTSTRAP)}
ev() { printf '%s %s\\n' "$(date +%s)" "$*" >> "$d/events"; }
tm() { tmux -L ${TMUX_SOCKET} "$@"; }
# srun's own messages: into events with a time stamp; the verbose ones (-v gives us the node
# as soon as the job is allocated) are kept out of the terminal.
stamp() {
  while IFS= read -r l; do
    printf '%s srun %s\\n' "$(date +%s)" "$l" >> "$d/events"
    printf '%s\\n' "$l" >> "$d/srun.$attempt"
    case "$l" in
      'srun: defined options'|'srun: ---'*|'srun: end of defined options'|'srun: '*' : '*) ;;
      'srun: launch'*|'srun: route/'*|'srun: jobid '*|'srun: debug'*) ;;
      *) printf '%s\\r\\n' "$l" >&2 ;;
    esac
  done
}
# Whether a command sent by exec is still running: its begin marker is the last frame in the
# log. Reads only what the log gained since the last look (and 64 bytes before, for a marker
# cut in two), so a long run with much output costs little.
seen=0; busy=0
scan_frames() {
  local size from mk
  size=$(stat -c %s "$d/log" 2>/dev/null || echo 0)
  [ "$size" -gt "$seen" ] || return 0
  from=$(( seen > 64 ? seen - 64 : 0 ))
  mk=$(tail -c +$((from + 1)) "$d/log" | head -c $((size - from)) | grep -aoE "@@$n@@[BE] [0-9a-f]+" | tail -n 1)
  case "$mk" in *"@@B "*) busy=1 ;; *"@@E "*) busy=0 ;; esac
  seen=$size
}
# Seconds since the session was last used: a call of ours (active) or output (log).
idle_age() {
  local newest
  newest=$(stat -c %Y "$d/active" "$d/log" 2>/dev/null | sort -n | tail -n 1)
  echo $(( $(date +%s) - \${newest:-0} ))
}
# Ends the session once it has been idle for $idle seconds: nobody attached, no command of
# exec still running, no call of ours and no new output in the pane. A training run started
# with exec and left alone is use, however quiet; only a shell idle at its prompt is released.
idle_watch() {
  local age up=0
  while sleep "$tick"; do
    tm has-session -t "=$T" 2>/dev/null || return 0
    [ -e "$d/stopping" ] && return 0
    scan_frames
    # The clock starts when the shell is up.
    [ "$up" = 1 ] || { grep -aq "@@$n@@READY" "$d/log" && up=1; }
    if [ "$up" = 0 ] || [ "$busy" = 1 ] || [ "$(tm display-message -p -t "=$T:" '#{session_attached}')" != 0 ]; then
      touch "$d/active"; continue
    fi
    age=$(idle_age)
    if [ "$age" -ge "$idle" ]; then
      echo idle > "$d/stopping"
      ev ended "released after $((age / 60)) min unused (--idle-release)"
      tm kill-session -t "=$T"
      scancel -u "$(id -un)" -n "$T" 2>/dev/null
      return 0
    fi
  done
}
while [ ! -e "$d/piped" ]; do sleep 0.05; done
setup=${q(o.setup ?? '')}
if [ -n "$setup" ] && ! { ${setupLines('setup').replace('\n', '; ')}; } 2>> "$d/setup.err"; then
  ev failed "the cluster's setup failed: $setup: $(tail -n 1 "$d/setup.err")"
  exit 1
fi
[ "$idle" -gt 0 ] && idle_watch &
attempt=0
while :; do
  attempt=$((attempt + 1))
  ev attempt "$attempt" "\${excl:--}"
  export SLURMDECK_ATTEMPT=$attempt SLURMDECK_HEALTH="$health" SLURMDECK_MARKER=$n
  srun --pty -v --job-name="$T" \${excl:+"--exclude=$excl"} "\${srunargs[@]}" sh -c "$boot" 2> >(stamp)
  rc=$?
  sleep 0.5
  [ -e "$d/stopping" ] && exit 0
  m=$(grep -aE "@@$n@@(UP|HEALTH|READY) $attempt " "$d/log" | tr -d '\\r' | sed "s/^.*@@$n@@//")
  last=$(grep -aiE 'error|unrecognized|invalid|unable' "$d/srun.$attempt" 2>/dev/null | tail -n 1)
  if printf '%s\\n' "$m" | grep -q '^READY '; then
    ev ended "the shell exited (srun exit code $rc)\${last:+: $last}"
    exit 0
  fi
  node=$(printf '%s\\n' "$m" | sed -n 's/^UP [0-9]* [0-9]* \\([^ ]*\\) .*/\\1/p' | head -n 1)
  [ -n "$node" ] || node=$(sed -n "s/^srun: jobid [0-9]*: nodes(1):\\\`\\([^']*\\)'.*/\\1/p" "$d/srun.$attempt" 2>/dev/null | tail -n 1)
  h=$(printf '%s\\n' "$m" | sed -n 's/^HEALTH [0-9]* //p' | head -n 1)
  if [ -n "$h" ]; then why="health check failed on $node: $h"
  elif [ -n "$node" ]; then why="no shell started on $node (srun exit code $rc)\${last:+: $last}"
  else
    ev failed "srun exit code $rc\${last:+: $last}"
    exit 1
  fi
  ev bad "$node" "$why"
  if [ "$attempt" -gt "$max" ]; then
    ev failed "gave up after $attempt attempts; last: $why"
    exit 1
  fi
  excl=\${excl:+$excl,}$node
done
`;
}
