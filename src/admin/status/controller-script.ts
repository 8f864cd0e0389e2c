import { FACT_FUNCTION } from './facts-frame.js';

/**
 * What `admin status` runs on the controller in one round trip: `sh -c SCRIPT sh MARKER COUNT`.
 * Checksums of slurm.conf and the munge key (never the key), slurmctld, where nodes reach it,
 * and COUNT fresh credentials from its munged, one per node to decode there.
 */
export const CONTROLLER_SCRIPT = String.raw`
M="$1"; COUNT="$2"
${FACT_FUNCTION}
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin:/usr/local/bin"
fact host "$(hostname)"
fact time "$(date +%s.%N)"
MYNS=$(readlink /proc/self/ns/mnt)
read -r UP _ < /proc/uptime
fact uptime "$UP"
fact hz "$(getconf CLK_TCK 2>/dev/null || echo 100)"
# One scan for every daemon; each is this host's if it shares our mount namespace.
pids_of() {
  for p in $(pgrep -x "$1"); do
    read -r c 2>/dev/null < "/proc/$p/comm" || continue
    [ "$(readlink "/proc/$p/ns/mnt" 2>/dev/null)" = "$MYNS" ] || continue
    eval "[ -n \"\$PID_$c\" ] || PID_$c=$p"
  done
}
arg_of() { tr '\0' '\n' < "/proc/$1/cmdline" 2>/dev/null | sed -n "s/^$2=//p" | head -n 1; }
# Field 22 of /proc/PID/stat: when it started, in clock ticks after boot.
started() { read -r s 2>/dev/null < "/proc/$1/stat" && set -- $s && eval "echo \${22}"; }
pids_of 'slurmctld|munged'
CONF=${'$'}{SLURM_CONF:-/etc/slurm/slurm.conf}
fact conf.path "$CONF"
fact conf.sha256 "$(sha256sum "$CONF" 2>/dev/null | cut -c1-64)"
grep -iE '^[[:space:]]*(SlurmctldHost|ControlMachine|ControlAddr|SlurmctldPort|AuthType|SlurmctldParameters)[[:space:]]*=' "$CONF" 2>/dev/null | while IFS= read -r l; do fact conf.line "$l"; done
CTLD=$PID_slurmctld
fact slurmctld.pid "$CTLD"
[ -n "$CTLD" ] && fact slurmctld.start "$(started "$CTLD")"
fact slurmctld.version "$(slurmctld -V 2>&1 | head -n 1)"
MUNGED=$PID_munged
fact munged.pid "$MUNGED"
KEY=; SOCKET=
[ -n "$MUNGED" ] && { KEY=$(arg_of "$MUNGED" --key-file); SOCKET=$(arg_of "$MUNGED" --socket); }
KEY=${'$'}{KEY:-/etc/munge/munge.key}
fact key.sha256 "$(sha256sum "$KEY" 2>/dev/null | cut -c1-64)"
SARG=; [ -n "$SOCKET" ] && SARG="--socket=$SOCKET"
i=0
while [ "$i" -lt "$COUNT" ]; do
  OUT=$(munge -n $SARG 2>&1); RC=$?
  if [ "$RC" = 0 ]; then fact cred "$OUT"; else fact cred.error "$RC $OUT"; break; fi
  i=$((i + 1))
done
fact done 1
`;
