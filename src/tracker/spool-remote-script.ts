/**
 * The one sh script a poll runs on the login node (`sh -c SCRIPT`, requests on stdin, one per
 * line), so any number of files and folders costs one round trip. Requests, six fields:
 *   T idx from offset max path   bytes [from, offset+max) of a file, only when it grew past offset
 *   W idx dev ino max path       a whole (small) file, only when its identity is not dev:ino
 *   D idx - - - root             the run folders under root/tracker/
 *   F idx depth limit - root     TensorBoard event files under root, depth and count bounded
 *   A idx - - - dir/JOB          the array tasks N with a file dir/JOB_N.json (runner records)
 * Answers: a header line starting with '@' per request (and per folder or file found), then
 * '@end'. A file's header ends with N, the count of its bytes that follow as they are (no
 * encoding), then a newline; if the file came up short meanwhile (truncated), the N bytes end
 * in zeros and a line '@short IDX GOT' says how many were the file's: the framing never slips.
 * The file is opened once (fd 3) and stat-ed and read through that descriptor: identity and
 * bytes are the same file's even if it is replaced meanwhile, and the open revalidates NFS's
 * cached attributes (close-to-open), so the size seen is the server's.
 */
export const SPOOL_READ_SCRIPT = `send() {
  dd bs=65536 skip="$1" count="$2" iflag=skip_bytes,count_bytes status=none <&3
  got=$(sed -n 's/^pos:[[:space:]]*//p' /proc/$$/fdinfo/3 2>/dev/null)
  if [ -n "$got" ]; then got=$((got - $1)); else
    got=$(($(stat -L -c %s /dev/fd/3) - $1)); [ "$got" -gt "$2" ] && got=$2
  fi
  [ "$got" -lt 0 ] && got=0
  if [ "$got" -lt "$2" ]; then head -c $(($2 - got)) /dev/zero; echo; echo "@short $3 $got"; else echo; fi
}
one() {
  st=$(stat -L -c '%d %i %s' /dev/fd/3) || return 1
  set -- "$@" $st
  if [ "$1" = T ]; then
    n=0
    if [ "$8" -gt "$4" ]; then n=$(($8 - $3)); m=$(($4 - $3 + $5)); [ "$n" -gt "$m" ] && n=$m; fi
    echo "@T $2 ok $6 $7 $8 $n"
    [ "$n" -gt 0 ] && send "$3" "$n" "$2"
  elif [ "$6" = "$3" ] && [ "$7" = "$4" ]; then
    echo "@W $2 same $6 $7 $8"
  else
    n=$8; [ "$n" -gt "$5" ] && n=$5
    echo "@W $2 ok $6 $7 $8 $n"
    [ "$n" -gt 0 ] && send 0 "$n" "$2"
  fi
  return 0
}
while IFS=' ' read -r op idx a b c p; do
  case $op in
  T|W)
    if [ ! -e "$p" ]; then echo "@$op $idx missing"; continue; fi
    one "$op" "$idx" "$a" "$b" "$c" 3<"$p" 2>/dev/null || echo "@$op $idx unreadable"
    ;;
  D)
    for d in "$p"/tracker/*/; do
      [ -d "$d" ] || continue
      n=\${d%/}; n=\${n##*/}
      case $n in ''|.*|*[!A-Za-z0-9._-]*) continue;; esac
      echo "@D $idx $n"
    done
    ;;
  A)
    for f in "$p"_*.json; do
      [ -f "$f" ] || continue
      n=\${f##*_}; n=\${n%.json}
      case $n in ''|*[!0-9]*) continue;; esac
      echo "@A $idx $n"
    done
    ;;
  F)
    [ -d "$p" ] && find "$p" -maxdepth "$a" \\( -name .git -o -name node_modules -o -name .slurmdeck \\) -prune -o -type f -name 'events.out.tfevents.*' -printf "@F $idx %s %T@ %P\\n" 2>/dev/null | head -n "$b"
    ;;
  esac
done
echo @end
`;
