import { FACT_FUNCTION } from './facts-frame.js';

/**
 * What `admin status` runs on a node as root, in one ssh round trip: `sh -c SCRIPT sh MARKER
 * CTL_ADDRESS CTL_PORT SLURMD_SPOOL`, with a credential the controller's munged encoded on stdin. Daemons
 * are found by name in this host's mount namespace (a container or a namespaced test host
 * sharing the kernel may run its own munged). Nothing secret is printed: checksums only.
 */
export const NODE_SCRIPT = String.raw`
M="$1"; CTL_ADDR="$2"; CTL_PORT="$3"; SPOOL="$4"
${FACT_FUNCTION}
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin:/usr/local/bin"
CRED=$(cat)
read -r H 2>/dev/null < /proc/sys/kernel/hostname || H=$(hostname)
fact host "$H"
fact time "$(date +%s.%N)"
read -r UP _ < /proc/uptime
fact uptime "$UP"
fact hz "$(getconf CLK_TCK 2>/dev/null || echo 100)"
# One scan for every daemon; each is this host's if it shares our mount namespace (test -ef:
# the same namespace file; no process per candidate, and a shared pid space may hold many).
pids_of() {
  for p in $(pgrep -x "$1"); do
    read -r c 2>/dev/null < "/proc/$p/comm" || continue
    [ "/proc/$p/ns/mnt" -ef /proc/self/ns/mnt ] || continue
    eval "[ -n \"\$PID_$c\" ] || PID_$c=$p"
  done
}
arg_of() { tr '\0' '\n' < "/proc/$1/cmdline" 2>/dev/null | sed -n "s/^$2=//p" | head -n 1; }
# Field 22 of /proc/PID/stat: when it started, in clock ticks after boot.
started() { read -r s 2>/dev/null < "/proc/$1/stat" && set -- $s && eval "echo \${22}"; }
daemon_facts() {
  fact "$1.pid" "$2"
  [ -n "$2" ] || return 0
  fact "$1.start" "$(started "$2")"
  fact "$1.env" "$(tr '\0' '\n' < "/proc/$2/environ" 2>/dev/null | grep -E '^(LD_PRELOAD|FAKETIME)=' | tr '\n' ' ')"
}
pids_of 'munged|slurmd'
MUNGED=$PID_munged
SLURMD=$PID_slurmd
daemon_facts munged "$MUNGED"
fact munged.version "$(munged -V 2>&1 | head -n 1)"
KEY=/etc/munge/munge.key
SOCKET=
MLOG=/var/log/munge/munged.log
if [ -n "$MUNGED" ]; then
  KEY=$(arg_of "$MUNGED" --key-file); KEY=${'$'}{KEY:-/etc/munge/munge.key}
  SOCKET=$(arg_of "$MUNGED" --socket)
  L=$(arg_of "$MUNGED" --log-file); MLOG=${'$'}{L:-$MLOG}
fi
fact key.path "$KEY"
fact key.stat "$(stat -c '%U:%G %a %F %Y' "$KEY" 2>&1)"
fact key.dir "$(stat -c '%U:%G %a %F' "$(dirname "$KEY")" 2>&1)"
S=$(sha256sum "$KEY" 2>/dev/null); fact key.sha256 "${'$'}{S%% *}"
SARG=; [ -n "$SOCKET" ] && SARG="--socket=$SOCKET"
# unmunge says why on stderr ("Error: Invalid credential") or, for a credential it could
# read but must refuse (expired, rewound, replayed), only in its STATUS line on stdout.
said() { printf '%s\n' "$1" | grep -E 'Error|^STATUS:' | head -n 1 | sed 's/^STATUS:[[:space:]]*//'; }
OUT=$(munge -n $SARG 2>&1); RC=$?
[ "$RC" = 0 ] && { OUT=$(printf '%s\n' "$OUT" | unmunge $SARG 2>&1); RC=$?; }
fact munge.local "$RC $(said "$OUT")"
if [ -n "$CRED" ]; then
  OUT=$(printf '%s\n' "$CRED" | unmunge $SARG 2>&1); RC=$?
  fact munge.decode "$RC $(said "$OUT")"
fi
# munged says why it refused to start in its log, or in the journal under systemd.
{ if [ -r "$MLOG" ]; then tail -n 100 "$MLOG"
  elif command -v journalctl >/dev/null 2>&1; then journalctl -u munge -n 100 --no-pager -q 2>/dev/null; fi
} | grep -iE 'error|insecure|fatal' | tail -n 3 | while IFS= read -r l; do fact munged.log "$l"; done
CONF=${'$'}{SLURM_CONF:-/etc/slurm/slurm.conf}
# Configless: no file of its own; slurmd runs on what it fetched from slurmctld into its spool.
if [ ! -e "$CONF" ] && [ -n "$SPOOL" ] && [ -r "$SPOOL/conf-cache/slurm.conf" ]; then
  CONF="$SPOOL/conf-cache/slurm.conf"; fact conf.fetched 1
fi
fact conf.path "$CONF"
S=$(sha256sum "$CONF" 2>/dev/null); fact conf.sha256 "${'$'}{S%% *}"
daemon_facts slurmd "$SLURMD"
fact slurmd.version "$(slurmd -V 2>&1 | head -n 1)"
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
SLOG=$(sed -n 's/^[[:space:]]*[Ss][Ll][Uu][Rr][Mm][Dd][Ll][Oo][Gg][Ff][Ii][Ll][Ee][[:space:]]*=[[:space:]]*//p' "$CONF" 2>/dev/null | head -n 1)
[ -n "$SLOG" ] && [ -r "$SLOG" ] && tail -n 200 "$SLOG" | grep -iE 'error|fatal' | tail -n 5 | while IFS= read -r l; do fact slurmd.log "$l"; done
fact done 1
`;
