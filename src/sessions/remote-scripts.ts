import { ownJobsArgv, scancelByNameArgv } from '../slurm/index.js';
import { TMUX_SOCKET } from './names.js';
import { LOGIN_USER, scriptLine, SESSION_JOB } from './script-line.js';

/**
 * The sh scripts run on the login node, one per operation, each in ONE exec over the
 * multiplexed connection: `sh -c SCRIPT sh ARGS...`. $1 is always the tmux name; a session's
 * files live in ~/.slurmdeck/sessions/<tmux name>/ (run.sh, log, events, active, srun.N).
 */
const PRELUDE = `T=$1; d="$HOME/.slurmdeck/sessions/$T"
tm() { tmux -L ${TMUX_SOCKET} "$@"; }
alive() { tm has-session -t "=$T" 2>/dev/null; }
size() { stat -c %s "$d/log" 2>/dev/null || echo 0; }
`;

/**
 * Waiting happens here on the login host, in the same exec: `tail -f` wakes on inotify as the
 * log grows, so an answer leaves as soon as what it waits for is written. The tail runs under
 * `timeout` ($s seconds), stops with the pane's shell ($pp) and is stopped once we are done.
 */
const FOLLOW = `secs() { s=$(($1 / 1000)).$(($1 % 1000 / 100))$(($1 % 100 / 10))$(($1 % 10)); }
follow() {
  { timeout "$s" tail -c +$(($1 + 1)) -s 0.2 --pid="$pp" -f "$d/log" </dev/null 2>/dev/null &
    echo $! > "$d/tail.$$"; }
}
unfollow() {
  read -r tp < "$d/tail.$$"; kill "$tp" 2>/dev/null
  rm -f "$d/tail.$$" </dev/null >/dev/null 2>&1 &
}
# srun's I/O stream to slurmstepd is a TCP connection with Nagle's algorithm on the compute
# side: after the shell's first write (the echo of the typed line) everything else waits for
# its ACK, and the login host delays that ACK by about 40 ms once the connection looks
# interactive (calls back to back). Any byte srun sends carries the ACK at once: a few ctrl-q
# keys just after the paste are such bytes, and the terminal's flow control (IXON, on at the
# prompt and in cooked mode) swallows them, so neither the shell nor the command reads them
# (only a terminal with IXON off, e.g. "stty -ixon" in .bashrc or a raw-mode program, sees them).
# tmux 3.2+ sends the later ones itself (run-shell -d -C); older ones get a client each.
nudge() {
  tm send-keys -t "=$T:" C-q \\; run-shell -b -d 0.005 -C "send-keys -t '=$T:' C-q" \\; \\
    run-shell -b -d 0.02 -C "send-keys -t '=$T:' C-q" 2>/dev/null && return
  q() { tm send-keys -t "=$T:" C-q; }; q; sleep 0.005; q
}
done_in() { tail -c +$(($2 + 1)) "$d/log" | grep -aqF "@@$n@@E $1 "; }
`;

/** Creates the session: files, tmux, output to the log; stdin is run.sh. Prints the time. */
export const START = `${PRELUDE}set -e
case "$d" in *"'"*) echo "the home directory path contains a quote" >&2; exit 3;; esac
command -v tmux >/dev/null || { echo "tmux is not installed on the login host" >&2; exit 4; }
command -v srun >/dev/null || { echo "srun is not on PATH on the login host" >&2; exit 4; }
if alive; then echo "a tmux session named $T already exists" >&2; exit 5; fi
mkdir -p "$d"; cat > "$d/run.sh"; : > "$d/log"; : > "$d/events"; touch "$d/active"
printf '%s start\\n' "$(date +%s)" >> "$d/events"
tm new-session -d -s "$T" -x 200 -y 50 -- bash "$d/run.sh"
tm pipe-pane -t "=$T:" -o "exec cat >> '$d/log'"
touch "$d/piped"
date +%s
`;

/** Printed before a squeue answer, which runs to the end of the output. */
export const QUEUE_HEADER = 'QUEUE';

/** State for status: $2 marker, $3 1 = ask squeue too (its answer comes last, after QUEUE). */
export const PROBE = `${PRELUDE}n=$2
[ -d "$d" ] || { echo NODIR; exit 0; }
if alive; then echo "TMUX 1 $(tm display-message -p -t "=$T:" '#{session_attached}')"; else echo "TMUX 0 0"; fi
echo "NOW $(date +%s)"
echo "SIZE $(size)"
sed 's/^/EV /' "$d/events"
# Start-up markers all come before the shell is ready: the head of the log is enough.
head -c 4194304 "$d/log" | grep -aE "@@$n@@(UP|HEALTH|READY) " | tr -d '\\r' | sed "s/^.*@@$n@@/MK /"
[ "$3" = 1 ] && echo ${QUEUE_HEADER} && ${scriptLine(ownJobsArgv({ name: SESSION_JOB }))} 2>/dev/null
exit 0
`;

/**
 * Sends one framed command (stdin) and waits for its end marker. $2 marker, $3 command id,
 * $4/$5 the previous command still running and where it began (or ""), $6 timeout in ms,
 * $7 at most this many bytes back, $8 0 = no ctrl-q nudge (see nudge). Prints a status line,
 * then in base64 the log from the command on, through its end marker (or what is there at the
 * time-out), one byte over the limit when there is more. One tmux call both finds the pane and
 * pastes.
 */
export const EXEC = `${PRELUDE}${FOLLOW}n=$2; c=$3; pc=$4; po=$5; secs "$6"; max=$7
if [ -n "$pc" ] && ! done_in "$pc" "$po"; then
  alive || { echo GONE; exit 0; }
  echo "BUSY $(size)"; exit 0
fi
off=$(size)
pp=$(tm display-message -p -t "=$T:" '#{pane_pid}' \\; load-buffer -b "slurmdeck-$c" - \\; \\
  paste-buffer -d -b "slurmdeck-$c" -t "=$T:" 2>/dev/null) || {
  tm delete-buffer -b "slurmdeck-$c" 2>/dev/null; echo GONE; exit 0; }
printf '' 2>/dev/null > "$d/active"
# In a subshell that drops our stdout first: the answer must not wait for the nudges.
[ "$8" = 0 ] || ( exec </dev/null >/dev/null 2>&1; nudge ) &
echo "OFF $off"
follow "$off" | LC_ALL=C sed "/@@$n@@E $c /q" | head -c $((max + 1)) | base64 -w0
unfollow
`;

/**
 * Output from $3 on. $2 marker, $4 wait ms: for the end of command $6 if one is running, else
 * for any new output. $5 at most this many bytes.
 */
export const READ = `${PRELUDE}${FOLLOW}n=$2; from=$3; secs "$4"; max=$5; c=$6
[ -d "$d" ] || { echo NODIR; exit 0; }
pp=$(tm display-message -p -t "=$T:" '#{pane_pid}' 2>/dev/null)
if [ -n "$pp" ] && printf '' 2>/dev/null > "$d/active" && [ "$4" -gt 0 ]; then
  if [ -n "$c" ]; then follow "$from" | grep -aqF "@@$n@@E $c "
  else follow "$from" | head -c 1 >/dev/null; fi
  unfollow
fi
echo "SIZE $(size)"
tail -c +$((from + 1)) "$d/log" | head -c "$max" | base64 -w0
`;

/** Types stdin into the shell as given ($2 = 1: then Enter), for a REPL or a prompt. */
export const SEND = `${PRELUDE}alive || { echo GONE; exit 0; }
touch "$d/active"
tm load-buffer -b "slurmdeck-send-$$" - \\; paste-buffer -d -b "slurmdeck-send-$$" -t "=$T:"
[ "$2" = 1 ] && tm send-keys -t "=$T:" Enter
echo "SENT $(size)"
`;

/** One control key ($2, a tmux key name such as C-c). */
export const CTRL = `${PRELUDE}alive || { echo GONE; exit 0; }
touch "$d/active"
tm send-keys -t "=$T:" "$2"
echo "SENT $(size)"
`;

/** The states in which a stopped session's job still holds or waits for nodes. */
const STILL_QUEUED = ['PENDING', 'RUNNING', 'CONFIGURING', 'SUSPENDED', 'COMPLETING'] as const;

/**
 * Ends the session and its job: $2 the reason recorded. Kills tmux (srun ends, releasing the
 * allocation), cancels by the unique job name (a queued job, or one srun left behind), then
 * waits up to 5 s for the job to leave the queue and prints what is left (after QUEUE).
 */
export const STOP = `${PRELUDE}me=$(id -un)
if [ -d "$d" ] && [ ! -e "$d/stopping" ]; then
  printf '%s\\n' "$2" > "$d/stopping"
  printf '%s ended %s\\n' "$(date +%s)" "$2" >> "$d/events"
fi
alive && tm kill-session -t "=$T"
${scriptLine(scancelByNameArgv(SESSION_JOB, LOGIN_USER))} 2>/dev/null
i=0
while [ $i -lt 10 ]; do
  left=$(${scriptLine(ownJobsArgv({ name: SESSION_JOB, states: [...STILL_QUEUED] }))} 2>/dev/null)
  [ -z "$left" ] && break
  sleep 0.5; i=$((i + 1))
done
echo ${QUEUE_HEADER}
[ -n "$left" ] && printf '%s\\n' "$left"
exit 0
`;

/** Our tmux sessions, the last event of each given one, then (after QUEUE) our jobs: one squeue. */
export const LIST = `tm() { tmux -L ${TMUX_SOCKET} "$@"; }
tm list-sessions -F 'S #{session_name} #{session_attached} #{session_created}' 2>/dev/null
for T in "$@"; do
  f="$HOME/.slurmdeck/sessions/$T/events"
  [ -f "$f" ] && printf 'E %s %s\\n' "$T" "$(grep -E '^[0-9]+ (ended|failed) ' "$f" | tail -n 1)"
done
echo ${QUEUE_HEADER}
${scriptLine(ownJobsArgv())} 2>/dev/null
exit 0
`;

/**
 * Attaches a terminal to the session's tmux, for a live terminal: prints $2 (a marker) and the
 * pty's path, so the stream's start is known and the pty can be resized from outside; then the
 * pty gets its first size ($3 cols, $4 rows) and tmux attaches (UTF-8 whatever the locale).
 */
export const ATTACH = `${PRELUDE}alive || { echo "the session's tmux is gone" >&2; exit 3; }
printf '%s%s\\n' "$2" "$(tty)"
stty cols "$3" rows "$4" 2>/dev/null
TERM=xterm-256color exec tmux -u -L ${TMUX_SOCKET} attach-session -t "=$T"
`;

/** Sets the size of an attached terminal's pty ($1); the kernel tells tmux (SIGWINCH). */
export const RESIZE = `stty -F "$1" cols "$2" rows "$3"`;
