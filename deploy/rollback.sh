#!/usr/bin/env bash
# Rolls npc-brain back by hand to an earlier release, optionally restoring a database backup.
#
#   deploy/rollback.sh [RELEASE] [--restore-backup FILE|latest] [--list]
#
# RELEASE           a directory name under releases/ (default: the most recent release that
#                   passed its health gate, other than the current one).
# --restore-backup  also replace DATABASE_SCHEMA by a pg_dump taken by deploy.sh (a file under
#                   shared/backups/, or `latest`). The services are stopped first so nothing
#                   writes meanwhile; decisions stored after that backup are lost from PostgreSQL.
# --list            print the releases (current, good, failed) and the backups, change nothing.
#
# Then: `current` -> RELEASE, restart in NPC_APPS order, the same health gate as deploy.sh.
# Exit 0 when the gate passes, 3 when it does not, 1 on usage/setup errors.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
. "$HERE/lib/common.sh"

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 1
}

target='' backup='' list=0
while (($#)); do
  case $1 in
    --restore-backup) backup=${2:?--restore-backup needs FILE or latest}; shift 2 ;;
    --list) list=1; shift ;;
    -h | --help) usage ;;
    -*) die "unknown option $1" ;;
    *) [[ -z $target ]] || die "one RELEASE only"; target=$1; shift ;;
  esac
done

ensure_layout
load_deploy_config
current=$(current_release)

if ((list)); then
  echo "releases (newest first; * = current):"
  find "$RELEASES_DIR" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %f\n' | sort -rn | while read -r _ r; do
    flag=' '
    [[ $r == "$current" ]] && flag='*'
    state=''
    grep -qxF "$r" "$STATE_DIR/good" 2>/dev/null && state='good'
    [[ -f $RELEASES_DIR/$r/.npc-failed ]] && state="$state failed"
    printf ' %s %s %s\n' "$flag" "$r" "$state"
  done
  echo "backups (newest first):"
  find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -name '*.sql.gz' -printf '%T@ %p\n' | sort -rn | cut -d' ' -f2- | sed 's/^/   /'
  exit 0
fi

take_lock
[[ -n $target ]] || target=$(last_good_except "$current")
[[ -n $target ]] || die "no earlier good release to roll back to (see --list)"
[[ -d $RELEASES_DIR/$target ]] || die "no release $target in $RELEASES_DIR"
if [[ $backup == latest ]]; then
  backup=$(find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -name '*.sql.gz' -printf '%T@ %p\n' | sort -rn | head -n 1 | cut -d' ' -f2-)
  [[ -n $backup ]] || die "no backup in $BACKUP_DIR"
fi
[[ -z $backup || -f $backup ]] || die "no backup file $backup"

log "rolling back ${current:-nothing} -> $target${backup:+ with database $backup}"
if [[ -n $backup ]]; then
  stop_all
  restore_schema "$backup"
fi
switch_current "$target"
if restart_all && health_gate; then
  mark_good "$target"
  record "rollback ${current:-none} -> $target ok backup=${backup:-none}"
  log "rolled back to $target"
  exit 0
fi
record "rollback ${current:-none} -> $target gate-failed backup=${backup:-none}"
log "ERROR: $target failed its gate; see docs/runbooks/ and the logs"
exit 3
