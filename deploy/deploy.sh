#!/usr/bin/env bash
# Deploys one release of npc-brain with a database backup, a health gate and automatic rollback.
#
#   deploy/deploy.sh [--name NAME] [--prebuilt] [--no-restart-on-fail] SOURCE
#
# SOURCE   a directory (a git checkout or an unpacked release) or a .tar.gz of one.
# --name   release name (default: UTC time, plus the git commit when SOURCE is a checkout).
# --prebuilt  SOURCE already holds its node_modules (built by CI for this OS and Node): copy them
#          and skip `pnpm install --frozen-lockfile`.
#
# Steps (each logged; the outcome is appended to shared/state/history):
#   1. copy SOURCE to releases/NAME (without .git; without node_modules unless --prebuilt), then
#      `pnpm install --frozen-lockfile` in it (unless --prebuilt), then shared/hooks/post-install
#      RELEASE_DIR when that file exists and is executable;
#   2. backup: pg_dump of DATABASE_SCHEMA to shared/backups/NAME-<time>.sql.gz (NPC_BACKUP=always;
#      `pending`: only when the release brings migrations the schema lacks; `never`);
#   3. migrate with the NEW release's code (`node --import tsx apps/cli/src/main.ts migrate`, what
#      `pnpm migrate` runs) while the old release keeps serving; skipped when the schema's
#      kysely_migration table already lists every file of the release's migrations/.
#      Migration failed -> the backup is restored (DROP SCHEMA + reload, one transaction; no backup
#      because the schema is new -> it is dropped), `current` is untouched, nothing was
#      restarted, exit 2;
#   4. `current` -> releases/NAME (atomic rename);
#   5. restart in NPC_APPS order (default workers, then gateway; systemd, or plain processes);
#   6. health gate: GET /health/ready = 200 on NPC_GATE_URL and one smoke decision (PUT the NPC
#      NPC_SMOKE_NPC, POST /v1/decisions with NPC_SMOKE_KEY) within NPC_GATE_TIMEOUT_S, every
#      started process still alive.
#      Gate failed -> `current` back to the previous release, restart it, gate it again, exit 3
#      (exit 4 when the previous release fails its gate too). The database is NOT restored: a
#      release's migrations must leave a schema the previous release still runs on
#      (expand/contract); if one did not, run deploy/rollback.sh --restore-backup.
#   7. success: the release is recorded as good; old releases and backups are pruned
#      (NPC_KEEP_RELEASES, NPC_KEEP_BACKUPS).
#
# Settings come from NPC_ROOT/shared/env/{common,gateway,deploy}.env (deploy/env/*.env.example);
# NPC_* variables set in the environment override deploy.env for one run. Exit codes: 0 deployed, 1 usage/setup error, 2 migration failed
# (database restored), 3 gate failed (rolled back), 4 gate failed and the rollback failed too.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
. "$HERE/lib/common.sh"

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 1
}

name='' prebuilt=0 source=''
while (($#)); do
  case $1 in
    --name) name=${2:?--name needs a value}; shift 2 ;;
    --prebuilt) prebuilt=1; shift ;;
    -h | --help) usage ;;
    -*) die "unknown option $1" ;;
    *) [[ -z $source ]] || die "one SOURCE only"; source=$1; shift ;;
  esac
done
[[ -n $source ]] || usage
[[ -e $source ]] || die "no such SOURCE: $source"

ensure_layout
load_deploy_config
take_lock

if [[ -z $name ]]; then
  name=$(date -u +%Y%m%d%H%M%S)
  if [[ -d $source ]] && sha=$(git -C "$source" rev-parse --short HEAD 2>/dev/null); then name=$name-$sha; fi
fi
[[ $name =~ ^[A-Za-z0-9._-]+$ ]] || die "release name '$name' may only hold letters, digits, . _ -"
release_dir=$RELEASES_DIR/$name
[[ ! -e $release_dir ]] || die "release $name exists already ($release_dir); pick another --name"
previous=$(current_release)
log "deploying $name (previous: ${previous:-none}, manager: $NPC_PROCESS_MANAGER, schema: $DATABASE_SCHEMA)"

# 1. the release directory
mkdir -p "$release_dir.part"
excludes=(--exclude=.git --exclude=.turbo --exclude=coverage)
((prebuilt)) || excludes+=(--exclude=node_modules)
if [[ -d $source ]]; then
  tar -C "$source" "${excludes[@]}" -cf - . | tar -C "$release_dir.part" -xf -
else
  tar -C "$release_dir.part" "${excludes[@]}" -xzf "$source"
  # An archive with one top folder (git archive --prefix=npc-brain/): lift its content.
  mapfile -t top < <(find "$release_dir.part" -mindepth 1 -maxdepth 1)
  if ((${#top[@]} == 1)) && [[ -d ${top[0]} ]]; then
    mv "${top[0]}" "$release_dir.lift" && rmdir "$release_dir.part" && mv "$release_dir.lift" "$release_dir.part"
  fi
fi
[[ -f $release_dir.part/package.json && -d $release_dir.part/apps/gateway ]] || {
  rm -rf "$release_dir.part"
  die "$source does not look like npc-brain (no package.json / apps/gateway)"
}
mv "$release_dir.part" "$release_dir"
if ((!prebuilt)); then
  log "pnpm install --frozen-lockfile"
  (cd "$release_dir" && pnpm install --frozen-lockfile) || {
    record "deploy $name install-failed"
    die "pnpm install failed; release $name left in place for inspection (current is unchanged)"
  }
fi

# Host-specific step after the install (install.sh --gpu installs one that puts ONNX Runtime's CUDA
# provider beside the binding); it gets the release directory.
hook=$SHARED_DIR/hooks/post-install
if [[ -x $hook ]]; then
  log "hook: $hook $release_dir"
  "$hook" "$release_dir" || {
    touch "$release_dir/.npc-failed"
    record "deploy $name hook-failed"
    die "post-install hook failed; current is unchanged"
  }
fi

# 2. backup
backup=''
schema_was_there=0
schema_exists && schema_was_there=1
do_backup=1
if [[ $NPC_BACKUP == never ]]; then
  do_backup=0
elif [[ $NPC_BACKUP == pending ]] && ((schema_was_there)) && [[ -z $(pending_migrations "$name") ]]; then
  log "backup: no pending migration, skipped (NPC_BACKUP=pending)"
  do_backup=0
fi
if ((do_backup)); then
  if ((schema_was_there)); then
    backup=$(backup_schema "$name")
    log "backup: $backup ($(du -h "$backup" | cut -f1))"
  else
    log "backup: schema $DATABASE_SCHEMA does not exist yet (first deploy): nothing to back up"
  fi
fi

# 3. migrate
pending=$(pending_migrations "$name" | tr '\n' ' ')
if [[ -z $pending ]]; then
  log "migrate: nothing pending"
elif log "migrate: $pending" && ! run_migrations "$name"; then
  log "migration failed"
  touch "$release_dir/.npc-failed"
  restored=none
  if [[ -n $backup ]] || ((!schema_was_there)); then
    if restore_schema "$backup"; then
      restored=${backup:-dropped-new-schema}
      log "database restored; current is still ${previous:-none}"
    else
      log "ERROR: the restore failed too; restore by hand: deploy/rollback.sh --restore-backup ${backup:-<file>}"
      restored=failed
    fi
  else
    warn "no backup was taken (NPC_BACKUP=$NPC_BACKUP): the schema is as the failed migration left it"
  fi
  record "deploy $name migration-failed restored=$restored"
  exit 2
fi

# 4. switch, 5. restart, 6. gate
switch_current "$name"
if restart_all && health_gate; then
  mark_good "$name"
  record "deploy $name ok previous=${previous:-none} backup=${backup:-none}"
  log "deployed $name"
  prune "$NPC_KEEP_RELEASES" "$RELEASES_DIR" '*' "$name"
  prune "$NPC_KEEP_BACKUPS" "$BACKUP_DIR" '*.sql.gz'
  exit 0
fi

log "release $name failed its gate: rolling back to ${previous:-nothing}"
touch "$release_dir/.npc-failed"
if [[ -z $previous ]]; then
  stop_all
  rm -f "$CURRENT_LINK"
  record "deploy $name gate-failed rollback=none"
  log "ERROR: the first deploy failed its gate; services stopped, no current release"
  exit 3
fi
switch_current "$previous"
if restart_all && health_gate; then
  record "deploy $name gate-failed rolled-back-to=$previous"
  log "rolled back to $previous (database left as migrated by $name; see deploy/README.md)"
  exit 3
fi
record "deploy $name gate-failed rollback-to=$previous also-failed"
log "ERROR: the previous release $previous fails its gate too: see docs/runbooks/ and the logs"
exit 4
