import { DAEMON_FUNCTIONS, HOST_FACTS } from './daemon-functions.js';
import { FACT_FUNCTION } from './facts-frame.js';

/**
 * What `admin status` runs on a node as root, in one ssh round trip: `sh -c SCRIPT sh MARKER
 * CTL_ADDRESS CTL_PORT SLURMD_SPOOL INCLUDES` (the controller's included files, one a line),
 * with a credential the controller's munged encoded on stdin. Daemons
 * are found by name in this host's mount namespace (a container or a namespaced test host
 * sharing the kernel may run its own munged). Nothing secret is printed: checksums only.
 */
export const NODE_SCRIPT = String.raw`
M="$1"; CTL_ADDR="$2"; CTL_PORT="$3"; SPOOL="$4"; INCLUDES="$5"
${FACT_FUNCTION}
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin:/usr/local/bin"
# The credential is one line (base64 between colons).
IFS= read -r CRED || true
${HOST_FACTS}
${DAEMON_FUNCTIONS}
daemon_facts() {
  fact "$1.pid" "$2"
  [ -n "$2" ] || return 0
  fact "$1.start" "$(started "$2")"
  read_env "$2"
  fact "$1.env" "$CLOCK_ENV"
}
# The last KEEP lines of a log's last LINES that match PATTERN, as facts: log_facts KEY FILE LINES PATTERN KEEP.
log_facts() {
  while IFS= read -r l; do [ -z "$l" ] || fact "$1" "$l"; done <<LOG_END
$(tail -n "$3" "$2" 2>/dev/null | grep -iE "$4" | tail -n "$5")
LOG_END
}
pids_of munged slurmd
MUNGED=$PID_munged
SLURMD=$PID_slurmd
daemon_facts munged "$MUNGED"
fact munged.version "$(first_line "$(munged -V 2>&1)")"
KEY=/etc/munge/munge.key
SOCKET=
MLOG=/var/log/munge/munged.log
if [ -n "$MUNGED" ]; then
  read_args "$MUNGED"
  arg KEY --key-file; KEY=${'$'}{KEY:-/etc/munge/munge.key}
  arg SOCKET --socket -S
  arg L --log-file; MLOG=${'$'}{L:-$MLOG}
fi
fact key.path "$KEY"
fact key.stat "$(stat -c '%U:%G %a %F %Y' "$KEY" 2>&1)"
case $KEY in */*) D=${'$'}{KEY%/*}; D=${'$'}{D:-/} ;; *) D=. ;; esac
fact key.dir "$(stat -c '%U:%G %a %F' "$D" 2>&1)"
S=$(sha256sum "$KEY" 2>/dev/null); fact key.sha256 "${'$'}{S%% *}"
SARG=; [ -n "$SOCKET" ] && SARG="--socket=$SOCKET"
# unmunge says why on stderr ("Error: Invalid credential") or, for a credential it could
# read but must refuse (expired, rewound, replayed), only in its STATUS line on stdout.
said() {
  while IFS= read -r l; do
    case $l in
      *Error*) printf '%s' "$l"; return ;;
      STATUS:*) l=${'$'}{l#STATUS:}; printf '%s' "${'$'}{l#"${'$'}{l%%[![:space:]]*}"}"; return ;;
    esac
  done <<SAID_END
$1
SAID_END
}
OUT=$(munge -n $SARG 2>&1); RC=$?
[ "$RC" = 0 ] && { OUT=$(printf '%s\n' "$OUT" | unmunge $SARG 2>&1); RC=$?; }
fact munge.local "$RC $(said "$OUT")"
if [ -n "$CRED" ]; then
  OUT=$(printf '%s\n' "$CRED" | unmunge $SARG 2>&1); RC=$?
  fact munge.decode "$RC $(said "$OUT")"
fi
# munged says why it refused to start in its log, or (not running) in the journal under systemd.
if [ -r "$MLOG" ]; then log_facts munged.log "$MLOG" 100 'error|insecure|fatal' 3
elif [ -z "$MUNGED" ] && command -v journalctl >/dev/null 2>&1; then
  journalctl -u munge -n 100 --no-pager -q 2>/dev/null | grep -iE 'error|insecure|fatal' | tail -n 3 | while IFS= read -r l; do fact munged.log "$l"; done
fi
daemon_facts slurmd "$SLURMD"
conf_of "$SLURMD"
# auth/slurm's key sits beside slurm.conf (a configless node too: it is never fetched).
SKEY=${'$'}{CONF%/*}/slurm.key
if [ -e "$SKEY" ] || [ -L "$SKEY" ]; then
  fact slurmkey.path "$SKEY"
  fact slurmkey.stat "$(stat -c '%U:%G %a %F %Y' "$SKEY" 2>&1)"
  S=$(sha256sum "$SKEY" 2>/dev/null); fact slurmkey.sha256 "${'$'}{S%% *}"
fi
# Configless: no file of its own; slurmd runs on what it fetched from slurmctld into its spool.
if [ ! -e "$CONF" ] && [ -n "$SPOOL" ] && [ -r "$SPOOL/conf-cache/slurm.conf" ]; then
  CONF="$SPOOL/conf-cache/slurm.conf"; fact conf.fetched 1; FETCHED=1
fi
fact conf.path "$CONF"
S=$(sha256sum "$CONF" 2>/dev/null); fact conf.sha256 "${'$'}{S%% *}"
# The files the controller's slurm.conf includes, at the same paths (a configless slurmd
# fetched them with it).
[ -n "$FETCHED" ] || sum_facts include "$INCLUDES"
fact slurmd.version "$(first_line "$(slurmd -V 2>&1)")"
# 5 s: a SYN slurmctld's full backlog dropped is sent again after 1 s and 3 s (16 nodes asked at
# once timed out at 3 s while slurmctld was up).
if [ -n "$CTL_ADDR" ]; then
  if command -v bash >/dev/null 2>&1; then
    OUT=$(timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$CTL_ADDR" "$CTL_PORT" 2>&1); RC=$?
  else
    OUT=$(timeout 5 nc -z "$CTL_ADDR" "$CTL_PORT" 2>&1); RC=$?
  fi
  fact ctld.reach "$RC $OUT"
fi
SLOG=$(sed -n '/^[[:space:]]*[Ss][Ll][Uu][Rr][Mm][Dd][Ll][Oo][Gg][Ff][Ii][Ll][Ee][[:space:]]*=/{s/^[^=]*=[[:space:]]*//p;q;}' "$CONF" 2>/dev/null)
[ -n "$SLOG" ] && [ -r "$SLOG" ] && log_facts slurmd.log "$SLOG" 200 'error|fatal' 5
fact done 1
`;
