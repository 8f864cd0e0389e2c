import { TMUX_SOCKET } from './names.js';

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

/** Poll with a short, growing sleep: commands usually end within milliseconds. */
const WAIT_HELPERS = `now_ms() { date +%s%3N; }
nap() { i=$((i + 1)); if [ $i -lt 20 ]; then sleep 0.005; elif [ $i -lt 60 ]; then sleep 0.02; else sleep 0.1; fi; }
done_in() { tail -c +$(($2 + 1)) "$d/log" | grep -aqF "@@SDK$n@@E $1 "; }
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

/** State for status: $2 nonce, $3 1 = ask squeue too. */
export const PROBE = `${PRELUDE}n=$2
[ -d "$d" ] || { echo NODIR; exit 0; }
if alive; then echo "TMUX 1 $(tm display-message -p -t "=$T:" '#{session_attached}')"; else echo "TMUX 0 0"; fi
echo "NOW $(date +%s)"
echo "SIZE $(size)"
sed 's/^/EV /' "$d/events"
# Start-up markers all come before the shell is ready: the head of the log is enough.
head -c 4194304 "$d/log" | grep -aE "@@SDK$n@@(UP|HEALTH|READY) " | tr -d '\\r' | sed 's/^.*@@SDK[0-9a-f]*@@/MK /'
[ "$3" = 1 ] && squeue -h --me -n "$T" -o 'SQ %i|%T|%r|%N|%S' 2>&1
exit 0
`;

/**
 * Sends one framed command (stdin) and waits for its end marker. $2 nonce, $3 command id,
 * $4/$5 the previous command still running and where it began (or ""), $6 timeout in ms,
 * $7 at most this many bytes back. Prints a status line, then the log slice in base64.
 */
export const EXEC = `${PRELUDE}${WAIT_HELPERS}n=$2; c=$3; pc=$4; po=$5; to=$6; max=$7
alive || { echo GONE; exit 0; }
touch "$d/active"
if [ -n "$pc" ] && ! done_in "$pc" "$po"; then echo "BUSY $(size)"; exit 0; fi
off=$(size)
tm load-buffer -b "sdk-$c" - \\; paste-buffer -d -b "sdk-$c" -t "=$T:" \\; send-keys -t "=$T:" Enter
end=$(($(now_ms) + to)); i=0
while ! done_in "$c" "$off" && [ "$(now_ms)" -lt "$end" ]; do nap; done
echo "OFF $off $(size)"
tail -c +$((off + 1)) "$d/log" | head -c "$max" | base64 -w0
`;

/**
 * Output from $3 on. $2 nonce, $4 wait ms: for the end of command $6 if one is running, else
 * for any new output. $5 at most this many bytes.
 */
export const READ = `${PRELUDE}${WAIT_HELPERS}n=$2; from=$3; to=$4; max=$5; c=$6
[ -d "$d" ] || { echo NODIR; exit 0; }
alive && touch "$d/active"
end=$(($(now_ms) + to)); i=0
if [ -n "$c" ]; then
  while alive && ! done_in "$c" "$from" && [ "$(now_ms)" -lt "$end" ]; do nap; done
else
  while alive && [ "$(size)" -le "$from" ] && [ "$(now_ms)" -lt "$end" ]; do nap; done
fi
echo "SIZE $(size)"
tail -c +$((from + 1)) "$d/log" | head -c "$max" | base64 -w0
`;

/** Types stdin into the shell as given ($2 = 1: then Enter), for a REPL or a prompt. */
export const SEND = `${PRELUDE}alive || { echo GONE; exit 0; }
touch "$d/active"
tm load-buffer -b "sdk-send-$$" - \\; paste-buffer -d -b "sdk-send-$$" -t "=$T:"
[ "$2" = 1 ] && tm send-keys -t "=$T:" Enter
echo "SENT $(size)"
`;

/** One control key ($2, a tmux key name such as C-c). */
export const CTRL = `${PRELUDE}alive || { echo GONE; exit 0; }
touch "$d/active"
tm send-keys -t "=$T:" "$2"
echo "SENT $(size)"
`;

/**
 * Ends the session and its job: $2 the reason recorded. Kills tmux (srun ends, releasing the
 * allocation), cancels by the unique job name (a queued job, or one srun left behind), then
 * waits up to 5 s for the job to leave the queue and prints what is left.
 */
export const STOP = `${PRELUDE}me=$(id -un)
if [ -d "$d" ] && [ ! -e "$d/stopping" ]; then
  printf '%s\\n' "$2" > "$d/stopping"
  printf '%s ended %s\\n' "$(date +%s)" "$2" >> "$d/events"
fi
alive && tm kill-session -t "=$T"
scancel -u "$me" -n "$T" 2>/dev/null
i=0
while [ $i -lt 10 ]; do
  left=$(squeue -h -u "$me" -n "$T" -t PD,R,CF,S,CG -o '%i %T' 2>/dev/null)
  [ -z "$left" ] && break
  sleep 0.5; i=$((i + 1))
done
echo "LEFT $left"
`;

/** Our tmux sessions, the last event of each given one, and our jobs: one squeue. */
export const LIST = `tm() { tmux -L ${TMUX_SOCKET} "$@"; }
tm list-sessions -F 'S #{session_name} #{session_attached} #{session_created}' 2>/dev/null
for T in "$@"; do
  f="$HOME/.slurmdeck/sessions/$T/events"
  [ -f "$f" ] && printf 'E %s %s\\n' "$T" "$(grep -E '^[0-9]+ (ended|failed) ' "$f" | tail -n 1)"
done
squeue -h --me -o 'Q %j|%i|%T|%N' 2>/dev/null
exit 0
`;
