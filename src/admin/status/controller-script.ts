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
pid_of() {
  for p in $(pgrep -x "$1"); do
    if [ "$(readlink "/proc/$p/ns/mnt" 2>/dev/null)" = "$MYNS" ]; then echo "$p"; return; fi
  done
}
arg_of() { tr '\0' '\n' < "/proc/$1/cmdline" 2>/dev/null | sed -n "s/^$2=//p" | head -n 1; }
CONF=${'$'}{SLURM_CONF:-/etc/slurm/slurm.conf}
fact conf.path "$CONF"
fact conf.sha256 "$(sha256sum "$CONF" 2>/dev/null | cut -c1-64)"
grep -iE '^[[:space:]]*(SlurmctldHost|ControlMachine|ControlAddr|SlurmctldPort|AuthType|SlurmctldParameters)[[:space:]]*=' "$CONF" 2>/dev/null | while IFS= read -r l; do fact conf.line "$l"; done
CTLD=$(pid_of slurmctld)
fact slurmctld.pid "$CTLD"
[ -n "$CTLD" ] && fact slurmctld.uptime "$(ps -o etimes= -p "$CTLD" | tr -d ' ')"
fact slurmctld.version "$(slurmctld -V 2>&1 | head -n 1)"
MUNGED=$(pid_of munged)
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
