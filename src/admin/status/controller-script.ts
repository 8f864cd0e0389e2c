import { DAEMON_FUNCTIONS, HOST_FACTS } from './daemon-functions.js';
import { FACT_FUNCTION } from './facts-frame.js';

/**
 * What `admin status` runs on the controller in one round trip: `sh -c SCRIPT sh MARKER COUNT`.
 * Checksums of slurm.conf (and the files it includes) and the munge key (never the key),
 * slurmctld, where nodes reach it,
 * and COUNT fresh credentials from its munged, one per node to decode there.
 */
export const CONTROLLER_SCRIPT = String.raw`
M="$1"; COUNT="$2"
${FACT_FUNCTION}
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin:/usr/local/bin"
${HOST_FACTS}
${DAEMON_FUNCTIONS}
pids_of slurmctld munged
conf_of "$PID_slurmctld"
fact conf.path "$CONF"
S=$(sha256sum "$CONF" 2>/dev/null); fact conf.sha256 "${'$'}{S%% *}"
# Settings may sit in files slurm.conf includes; each included file is checksummed for the nodes.
conf_files
sum_facts include "$(printf '%s\n' "$CONF_FILES" | while IFS= read -r f; do [ "$f" = "$CONF" ] || echo "$f"; done)"
# A here-document, not a pipe: the loop runs in this shell and AUTH outlives it.
AUTH=munge
while IFS= read -r l; do
  [ -n "$l" ] || continue
  fact conf.line "$l"
  case $l in [Aa][Uu][Tt][Hh][Tt][Yy][Pp][Ee]*auth/slurm*) AUTH=slurm ;; esac
done <<CONF_END
$(printf '%s\n' "$CONF_FILES" | while IFS= read -r f; do grep -hiE '^[[:space:]]*(SlurmctldHost|SlurmctldAddr|ControlMachine|ControlAddr|SlurmctldPort|AuthType|SlurmctldParameters|SlurmdSpoolDir)[[:space:]]*=' "$f" 2>/dev/null; done)
CONF_END
# auth/slurm: slurm.key beside slurm.conf is the shared secret, and munge makes no credentials.
SKEY=${'$'}{CONF%/*}/slurm.key
if [ -e "$SKEY" ]; then S=$(sha256sum "$SKEY" 2>/dev/null); fact slurmkey.sha256 "${'$'}{S%% *}"; fi
[ "$AUTH" = munge ] || COUNT=0
CTLD=$PID_slurmctld
fact slurmctld.pid "$CTLD"
[ -n "$CTLD" ] && fact slurmctld.start "$(started "$CTLD")"
fact slurmctld.version "$(first_line "$(slurmctld -V 2>&1)")"
MUNGED=$PID_munged
fact munged.pid "$MUNGED"
KEY=; SOCKET=
[ -n "$MUNGED" ] && { read_args "$MUNGED"; arg KEY --key-file; arg SOCKET --socket -S; }
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
