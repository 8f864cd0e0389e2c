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
pids_of 'slurmctld|munged'
CONF=${'$'}{SLURM_CONF:-/etc/slurm/slurm.conf}
fact conf.path "$CONF"
S=$(sha256sum "$CONF" 2>/dev/null); fact conf.sha256 "${'$'}{S%% *}"
grep -iE '^[[:space:]]*(SlurmctldHost|ControlMachine|ControlAddr|SlurmctldPort|AuthType|SlurmctldParameters|SlurmdSpoolDir)[[:space:]]*=' "$CONF" 2>/dev/null | while IFS= read -r l; do fact conf.line "$l"; done
CTLD=$PID_slurmctld
fact slurmctld.pid "$CTLD"
[ -n "$CTLD" ] && fact slurmctld.start "$(started "$CTLD")"
fact slurmctld.version "$(slurmctld -V 2>&1 | head -n 1)"
MUNGED=$PID_munged
fact munged.pid "$MUNGED"
KEY=; SOCKET=
[ -n "$MUNGED" ] && { KEY=$(arg_of "$MUNGED" --key-file); SOCKET=$(arg_of "$MUNGED" --socket); }
KEY=${'$'}{KEY:-/etc/munge/munge.key}
S=$(sha256sum "$KEY" 2>/dev/null); fact key.sha256 "${'$'}{S%% *}"
SARG=; [ -n "$SOCKET" ] && SARG="--socket=$SOCKET"
i=0
while [ "$i" -lt "$COUNT" ]; do
  OUT=$(munge -n $SARG 2>&1); RC=$?
  if [ "$RC" = 0 ]; then fact cred "$OUT"; else fact cred.error "$RC $OUT"; break; fi
  i=$((i + 1))
done
fact done 1
`;
