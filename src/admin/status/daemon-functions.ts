/**
 * sh the controller and node scripts share: the host's clock facts and how a daemon is found
 * and read. Builtins wherever a process is not needed: every fork and exec is paid on each
 * node at every status round (about 2 ms of CPU apiece), and 16 of them share the cores of
 * one machine in the dev cluster.
 */
export const HOST_FACTS = String.raw`
NL='
'
read -r H 2>/dev/null < /proc/sys/kernel/hostname || H=$(hostname)
fact host "$H"
fact time "$(date +%s.%N)"
read -r UP _ < /proc/uptime
fact uptime "$UP"
fact hz "$(getconf CLK_TCK 2>/dev/null || echo 100)"
# Who runs this: as anyone but root, daemons, keys and configs read as missing, not as hidden.
while read -r k v _; do [ "$k" = Uid: ] && { fact uid "$v"; break; }; done < /proc/self/status
`;

export const DAEMON_FUNCTIONS = String.raw`
NL='
'
# One pass over /proc sets PID_<name> for each daemon named (munged, slurmd, slurmctld) that
# runs in this host's mount namespace (test -ef: the same namespace file; a container or a
# namespaced test host may run its own). Builtins only: pgrep costs more than the whole loop.
pids_of() {
  for d in /proc/[0-9]*; do
    read -r c 2>/dev/null < "$d/comm" || continue
    case $c in munged | slurmd | slurmctld) ;; *) continue ;; esac
    case " $* " in *" $c "*) ;; *) continue ;; esac
    [ "$d/ns/mnt" -ef /proc/self/ns/mnt ] || continue
    # The lowest pid (the glob sorts as text): a daemon's parent, not a child it forked.
    p=${'$'}{d#/proc/}
    eval "[ -n \"\$PID_$c\" ] && [ \"\$PID_$c\" -lt $p ] || PID_$c=$p"
  done
}
# Arguments of PID, one a line (one process); then "arg VAR NAME [SHORT]" sets VAR from
# NAME=VALUE, NAME VALUE, SHORT VALUE or SHORTVALUE (getopt's forms), empty when not given.
read_args() { ARGS=$(tr '\0' '\n' < "/proc/$1/cmdline" 2>/dev/null); }
arg() {
  eval "$1="; n=
  while IFS= read -r a; do
    [ -z "$n" ] || { eval "$1=\$a"; return 0; }
    case $a in
      "$2="*) eval "$1=\${a#\"\$2=\"}"; return 0 ;;
      "$2") n=1 ;;
    esac
    [ -n "$3" ] || continue
    case $a in
      "$3") n=1 ;;
      "$3"?*) eval "$1=\${a#\"\$3\"}"; return 0 ;;
    esac
  done <<ARGS_END
$ARGS
ARGS_END
}
# A daemon's environment: CLOCK_ENV (LD_PRELOAD, FAKETIME: a clock that is not the host's) and
# ENV_CONF (its SLURM_CONF), one process.
read_env() {
  E=$(tr '\0' '\n' < "/proc/$1/environ" 2>/dev/null); CLOCK_ENV=; ENV_CONF=; ENV_PID=$1
  while IFS= read -r v; do
    case $v in
      LD_PRELOAD=* | FAKETIME=*) CLOCK_ENV="$CLOCK_ENV$v " ;;
      SLURM_CONF=*) ENV_CONF=${'$'}{v#SLURM_CONF=} ;;
    esac
  done <<ENV_END
$E
ENV_END
}
# CONF: the slurm.conf Slurm daemon PID reads (its -f, else its SLURM_CONF), else this shell's
# SLURM_CONF, else the first usual place that has one (packages, a source build, old Debian).
conf_of() {
  CONF=
  if [ -n "$1" ]; then
    read_args "$1"; arg CONF -f -f
    [ -n "$CONF" ] || { [ "$ENV_PID" = "$1" ] || read_env "$1"; CONF=$ENV_CONF; }
  fi
  [ -n "$CONF" ] || CONF=$SLURM_CONF
  [ -n "$CONF" ] && return 0
  for CONF in /etc/slurm/slurm.conf /usr/local/etc/slurm.conf /etc/slurm-llnl/slurm.conf; do
    [ -e "$CONF" ] && return 0
  done
  CONF=/etc/slurm/slurm.conf
}
# CONF_FILES: CONF and the files its Include lines name (relative ones beside it; a glob
# expands), one a line: settings may sit in any of them.
conf_files() {
  CONF_FILES=$CONF
  while read -r k v _; do
    case $k in [Ii][Nn][Cc][Ll][Uu][Dd][Ee]) ;; *) continue ;; esac
    case $v in /*) ;; *) v=${'$'}{CONF%/*}/$v ;; esac
    for f in $v; do [ -f "$f" ] && CONF_FILES="$CONF_FILES$NL$f"; done
  done 2>/dev/null < "$CONF"
}
# A fact "SHA256 PATH" for each of the files listed one a line in $2 (no checksum: unreadable).
sum_facts() {
  printf '%s\n' "$2" | while IFS= read -r f; do
    [ -n "$f" ] || continue
    S=$(sha256sum "$f" 2>/dev/null); fact "$1" "${'$'}{S%% *} $f"
  done
}
# The lines of CONF_FILES setting one of KEYS (an ERE alternation), as facts named FACT.
conf_lines() {
  while IFS= read -r l; do [ -z "$l" ] || fact "$1" "$l"; done <<LINES_END
$(printf '%s\n' "$CONF_FILES" | while IFS= read -r f; do grep -hiE "^[[:space:]]*($2)[[:space:]]*=" "$f" 2>/dev/null; done)
LINES_END
}
# Field 22 of /proc/PID/stat: when it started, in clock ticks after boot.
started() { read -r s 2>/dev/null < "/proc/$1/stat" && set -- $s && eval "echo \${22}"; }
# The first line of what a command printed (a version).
first_line() { printf '%s' "${'$'}{1%%"$NL"*}"; }
`;

/**
 * Runs munge or unmunge (`sh -c SCRIPT sh munge -n`) against this host's munged, on the socket
 * that daemon was told to use: a site may move it from the default.
 */
export const MUNGE_CLIENT_SCRIPT = String.raw`
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin:/usr/local/bin"
${DAEMON_FUNCTIONS}
pids_of munged
S=; [ -z "$PID_munged" ] || { read_args "$PID_munged"; arg S --socket -S; }
exec "$@" ${'$'}{S:+"--socket=$S"}
`;
