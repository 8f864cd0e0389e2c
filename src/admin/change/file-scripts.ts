import { FACT_FUNCTION } from '../status/facts-frame.js';

/**
 * `sh -c SCRIPT sh MARKER PATH...`: for each path, its owner, group, mode, type and checksum
 * (never its content), and the same of its folder: facts `N.stat`, `N.sha256`, `N.dir`; of a
 * symbolic link also what it points to, `N.target`.
 */
export const INSPECT_SCRIPT = String.raw`
M="$1"; shift
${FACT_FUNCTION}
i=0
for P in "$@"; do
  if [ -e "$P" ] || [ -L "$P" ]; then
    fact "$i.stat" "$(stat -c '%U %G %a %F' -- "$P" 2>&1)"
    fact "$i.sha256" "$(sha256sum -- "$P" 2>/dev/null | cut -c1-64)"
    [ -L "$P" ] && fact "$i.target" "$(stat -L -c '%U %G %a %F' -- "$P" 2>&1)"
  fi
  D=$(dirname -- "$P")
  [ -d "$D" ] && fact "$i.dir" "$(stat -c '%U %G %a %F' -- "$D" 2>&1)"
  i=$((i + 1))
done
fact done 1
`;

/**
 * `sh -c SCRIPT sh MARKER DEST OWNER:GROUP MODE SHA256 [DIR_OWNER:GROUP DIR_MODE]`, the content
 * base64-encoded on stdin (a secret travels only there, never in argv or output): written to
 * a temporary file in DEST's folder, owner and mode set, checked against SHA256, flushed to
 * disk, then renamed over DEST and the folder flushed. Whatever kills it, DEST is either the
 * old file or the new one, never a part.
 */
export const WRITE_SCRIPT = String.raw`
M="$1"; DEST="$2"; OWNER="$3"; MODE="$4"; WANT="$5"; DOWNER="$6"; DMODE="$7"
${FACT_FUNCTION}
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin:/usr/local/bin"
fail() { fact error "$1"; exit 1; }
DIR=$(dirname -- "$DEST")
if [ ! -d "$DIR" ]; then mkdir -p -- "$DIR" || fail "cannot create $DIR"; fi
if [ -n "$DOWNER" ]; then
  chown -- "$DOWNER" "$DIR" && chmod -- "$DMODE" "$DIR" || fail "cannot set owner and mode of $DIR"
fi
TMP=$(mktemp -- "$DIR/.slurmdeck-XXXXXX") || fail "cannot create a temporary file in $DIR"
trap 'rm -f -- "$TMP"' EXIT
trap 'exit 1' HUP INT TERM PIPE
# Written through the descriptor mktemp's file was opened on, and never through a link: the
# folder's owner (a user's ~/.ssh) must not get root to write or chown a file of their choice.
exec 3> "$TMP" || fail "cannot open $TMP"
base64 -d >&3 || fail "the content did not arrive whole"
exec 3>&-
[ -L "$TMP" ] && fail "$TMP was replaced by a link"
chown -h -- "$OWNER" "$TMP" && chmod -- "$MODE" "$TMP" || fail "cannot set owner $OWNER and mode $MODE"
GOT=$(sha256sum -- "$TMP" | cut -c1-64)
[ "$GOT" = "$WANT" ] || fail "the copy's checksum $GOT is not the controller's $WANT"
sync -- "$TMP" 2>/dev/null || sync
mv -f -- "$TMP" "$DEST" || fail "cannot rename the copy over $DEST"
sync -- "$DIR" 2>/dev/null || sync
fact 0.stat "$(stat -c '%U %G %a %F' -- "$DEST" 2>&1)"
fact 0.sha256 "$(sha256sum -- "$DEST" 2>/dev/null | cut -c1-64)"
fact 0.dir "$(stat -c '%U %G %a %F' -- "$DIR" 2>&1)"
fact done 1
`;
