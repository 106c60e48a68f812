# shellcheck shell=bash
# Shared by deploy.sh, rollback.sh and services.sh. Sourced, never run.
#
# Layout under NPC_ROOT (default /opt/npc-brain):
#   releases/<name>/     one directory per release (code + node_modules)
#   current -> releases/<name>   what the services run (systemd WorkingDirectory)
#   shared/env/*.env     common.env, gateway.env, worker-rules.env, worker-llm.env,
#                        worker-inference.env, worker-learning.env, bridge-rathena.env,
#                        deploy.env (deploy/env/*.env.example)
#   shared/models/       intent model files (MODEL_DIR of the inference and learning units)
#   shared/backups/      pg_dump files, <release>-<utc time>.sql.gz
#   shared/state/        history (one line per deploy/rollback), good (releases that passed a gate)
#   shared/run, shared/log   pid files and logs of NPC_PROCESS_MANAGER=plain

NPC_ROOT=${NPC_ROOT:-/opt/npc-brain}
RELEASES_DIR=$NPC_ROOT/releases
CURRENT_LINK=$NPC_ROOT/current
SHARED_DIR=$NPC_ROOT/shared
ENV_DIR=$SHARED_DIR/env
BACKUP_DIR=$SHARED_DIR/backups
STATE_DIR=$SHARED_DIR/state
RUN_DIR=$SHARED_DIR/run
LOG_DIR=$SHARED_DIR/log

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
warn() { log "WARNING: $*"; }
die() {
  log "ERROR: $*"
  exit 1
}

# Exports the KEY=VALUE lines of an env file (the systemd EnvironmentFile subset: comments,
# blank lines, optional single or double quotes around the value; no shell expansion).
load_env_file() {
  local file=$1 line key value
  [[ -f $file ]] || return 0
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line#"${line%%[![:space:]]*}"}
    [[ -z $line || $line == \#* ]] && continue
    [[ $line =~ ^([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    key=${BASH_REMATCH[1]}
    value=${BASH_REMATCH[2]}
    if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then value=${BASH_REMATCH[1]}; fi
    export "$key=$value"
  done <"$file"
}

# The deploy settings: common.env (DATABASE_URL, DATABASE_SCHEMA, …), gateway.env (PORT) and
# deploy.env, then the defaults of what deploy.env leaves unset.
load_deploy_config() {
  # NPC_* settings given in the environment win over deploy.env (one-off runs); everything else
  # comes from the files, exactly as the services see it (never a stale DATABASE_URL of the shell).
  local v kv saved=()
  for v in $(compgen -e | grep '^NPC_' || true); do saved+=("$v=${!v}"); done
  load_env_file "$ENV_DIR/common.env"
  load_env_file "$ENV_DIR/gateway.env"
  load_env_file "$ENV_DIR/deploy.env"
  for kv in ${saved[@]+"${saved[@]}"}; do export "${kv?}"; done
  NPC_PROCESS_MANAGER=${NPC_PROCESS_MANAGER:-systemd}
  # Restart order: workers first (they understand jobs of the old and new gateway), then the
  # gateway, then the bridge. `app:N` = N instances (templates / plain mode).
  NPC_APPS=${NPC_APPS:-worker-rules:1 gateway}
  NPC_NODE=${NPC_NODE:-node}
  NPC_GATE_URL=${NPC_GATE_URL:-http://127.0.0.1:${PORT:-3000}}
  NPC_GATE_TIMEOUT_S=${NPC_GATE_TIMEOUT_S:-60}
  NPC_SMOKE_NPC=${NPC_SMOKE_NPC:-deploy_smoke}
  NPC_SMOKE_KEY=${NPC_SMOKE_KEY:-}
  NPC_BACKUP=${NPC_BACKUP:-always}
  NPC_KEEP_RELEASES=${NPC_KEEP_RELEASES:-5}
  NPC_KEEP_BACKUPS=${NPC_KEEP_BACKUPS:-10}
  NPC_STOP_TIMEOUT_S=${NPC_STOP_TIMEOUT_S:-60}
  DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
  DATABASE_SCHEMA=${DATABASE_SCHEMA:-public}
  [[ $DATABASE_SCHEMA =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "DATABASE_SCHEMA '$DATABASE_SCHEMA' is not a plain schema name"
  case $NPC_PROCESS_MANAGER in systemd | plain) ;; *) die "NPC_PROCESS_MANAGER must be systemd or plain" ;; esac
  case $NPC_BACKUP in always | pending | never) ;; *) die "NPC_BACKUP must be always, pending or never" ;; esac
  # NPC_APPS checked here, in this shell: apps_in_order's die inside a `< <(…)` would only end that subshell.
  apps_in_order >/dev/null
}

ensure_layout() {
  mkdir -p "$RELEASES_DIR" "$ENV_DIR" "$BACKUP_DIR" "$STATE_DIR" "$RUN_DIR" "$LOG_DIR"
  chmod 700 "$BACKUP_DIR" 2>/dev/null || true
}

# One deploy or rollback at a time.
take_lock() {
  exec 9>"$SHARED_DIR/deploy.lock"
  flock -n 9 || die "another deploy or rollback is running ($SHARED_DIR/deploy.lock)"
}

current_release() {
  [[ -L $CURRENT_LINK ]] || return 0
  basename "$(readlink "$CURRENT_LINK")"
}

# Points `current` at releases/<name> atomically (rename over the old link).
switch_current() {
  local name=$1
  [[ -d $RELEASES_DIR/$name ]] || die "no release $name in $RELEASES_DIR"
  ln -sfn "releases/$name" "$NPC_ROOT/.current.tmp"
  mv -T "$NPC_ROOT/.current.tmp" "$CURRENT_LINK"
  log "current -> releases/$name"
}

record() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >>"$STATE_DIR/history"; }
mark_good() {
  grep -qxF "$1" "$STATE_DIR/good" 2>/dev/null || printf '%s\n' "$1" >>"$STATE_DIR/good"
}
# The most recent release that passed its gate, other than `$1`.
last_good_except() {
  [[ -f $STATE_DIR/good ]] || return 0
  grep -vxF "$1" "$STATE_DIR/good" | while read -r r; do [[ -d $RELEASES_DIR/$r ]] && echo "$r"; done | tail -n 1
}

# ---------------------------------------------------------------- processes

# "worker-rules:2 gateway" -> lines "worker-rules 2", "gateway 1"
apps_in_order() {
  local spec app n
  for spec in $NPC_APPS; do
    app=${spec%%:*}
    n=1
    [[ $spec == *:* ]] && n=${spec#*:}
    [[ $app =~ ^[a-z0-9-]+$ && $n =~ ^[0-9]+$ ]] || die "bad NPC_APPS entry '$spec'"
    # One learning worker per installation (it owns the retrain schedule and the promotions).
    if [[ $app == worker-learning && $n != 1 ]]; then die "NPC_APPS: worker-learning runs as one instance ('worker-learning', not '$spec')"; fi
    echo "$app $n"
  done
}
apps_reversed() { apps_in_order | tac; }

unit_of() { # app -> systemd unit pattern
  case $1 in
    gateway | bridge-rathena | worker-learning) echo "npc-$1.service" ;;
    *) echo "npc-$1@" ;; # template: instances npc-<app>@1.service …
  esac
}

systemd_instances() { # active or failed instances of a template, e.g. npc-worker-rules@
  systemctl list-units --all --plain --no-legend --type=service "$1*.service" 2>/dev/null |
    awk '$3 == "active" || $3 == "activating" || $3 == "failed" || $4 == "auto-restart" { print $1 }'
}

# Restart counters of the units started by this deploy: a unit that systemd restarted since
# (Restart=on-failure after a crash) fails the gate at once instead of at its timeout.
declare -A UNIT_RESTARTS=()
remember_restarts() {
  local u
  for u in "$@"; do UNIT_RESTARTS[$u]=$(systemctl show -p NRestarts --value "$u" 2>/dev/null || echo 0); done
}

restart_app() { # app count; returns 1 when a process could not be (re)started
  local app=$1 n=$2 unit units i
  if [[ $NPC_PROCESS_MANAGER == systemd ]]; then
    unit=$(unit_of "$app")
    if [[ $unit == *@ ]]; then
      units=$(systemd_instances "$unit")
      if [[ -z $units ]]; then
        units=$(for ((i = 1; i <= n; i++)); do echo "${unit}${i}.service"; done)
        log "starting $(echo "$units" | tr '\n' ' ')"
        # shellcheck disable=SC2086
        systemctl enable --now $units || return 1
      else
        log "restarting $(echo "$units" | tr '\n' ' ')"
        # shellcheck disable=SC2086
        systemctl restart $units || return 1
      fi
      # shellcheck disable=SC2086
      remember_restarts $units
    else
      log "restarting $unit"
      systemctl enable "$unit" >/dev/null 2>&1 || true
      systemctl restart "$unit" || return 1
      remember_restarts "$unit"
    fi
  else
    stop_plain "$app"
    for ((i = 1; i <= n; i++)); do start_plain "$app" "$i" || return 1; done
  fi
}

stop_app() { # app
  local app=$1 unit units
  if [[ $NPC_PROCESS_MANAGER == systemd ]]; then
    unit=$(unit_of "$app")
    if [[ $unit == *@ ]]; then units=$(systemd_instances "$unit"); else units=$unit; fi
    # shellcheck disable=SC2086
    [[ -n $units ]] && systemctl stop $units
  else
    stop_plain "$app"
  fi
  return 0
}

restart_all() {
  local app n
  while read -r app n; do
    restart_app "$app" "$n" || {
      log "could not (re)start $app"
      return 1
    }
  done < <(apps_in_order)
}

stop_all() {
  local app n
  while read -r app n; do stop_app "$app"; done < <(apps_reversed)
}

# Plain mode: `node --import tsx apps/<app>/src/main.ts` in its own session (setsid), env from
# common.env + <app>.env + <app>@<i>.env (as the systemd units), pid in shared/run/<app>@<i>.pid, output appended to shared/log/<app>@<i>.log.
start_plain() {
  local app=$1 i=$2 pidfile=$RUN_DIR/$1@$2.pid logfile=$LOG_DIR/$1@$2.log
  if [[ ! -f $CURRENT_LINK/apps/$app/src/main.ts ]]; then
    log "release $(current_release) has no apps/$app"
    return 1
  fi
  (
    cd "$CURRENT_LINK" || exit 1
    load_env_file "$ENV_DIR/common.env"
    load_env_file "$ENV_DIR/$app.env"
    load_env_file "$ENV_DIR/$app@$i.env"
    export NPC_INSTANCE=$i
    exec 9>&- # not the deploy lock: the process outlives this deploy
    exec setsid "$NPC_NODE" --import tsx "apps/$app/src/main.ts" >>"$logfile" 2>&1 </dev/null
  ) &
  echo $! >"$pidfile"
  log "started $app@$i (pid $!, $(current_release))"
}

# The pid of a plain-mode process if it is alive and still ours (not a recycled pid).
plain_pid() {
  local pidfile=$1 pid
  [[ -f $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  grep -qa "src/main.ts" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

stop_plain() {
  local app=$1 pidfile pid waited pids=()
  for pidfile in "$RUN_DIR/$app"@*.pid; do
    [[ -f $pidfile ]] || continue
    if pid=$(plain_pid "$pidfile"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
    rm -f "$pidfile"
  done
  ((${#pids[@]})) || return 0
  log "stopping $app (pid ${pids[*]})"
  for ((waited = 0; waited < NPC_STOP_TIMEOUT_S * 10; waited++)); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || return 0
    sleep 0.1
  done
  warn "$app did not stop within ${NPC_STOP_TIMEOUT_S}s: SIGKILL"
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}

# Every process of the current deploy still running? (plain: pid files; systemd: unit states)
processes_alive() {
  local app n i pidfile
  while read -r app n; do
    if [[ $NPC_PROCESS_MANAGER == plain ]]; then
      for ((i = 1; i <= n; i++)); do
        pidfile=$RUN_DIR/$app@$i.pid
        plain_pid "$pidfile" >/dev/null || {
          echo "$app@$i exited (see $LOG_DIR/$app@$i.log)"
          return 1
        }
      done
    fi
  done < <(apps_in_order)
  if [[ $NPC_PROCESS_MANAGER == systemd ]]; then
    local u now
    for u in "${!UNIT_RESTARTS[@]}"; do
      if systemctl is-failed --quiet "$u"; then
        echo "$u failed (journalctl -u $u)"
        return 1
      fi
      now=$(systemctl show -p NRestarts --value "$u" 2>/dev/null || echo 0)
      if ((now > ${UNIT_RESTARTS[$u]:-0})); then
        echo "$u crashed and was restarted by systemd (journalctl -u $u)"
        return 1
      fi
    done
  fi
  return 0
}

# ---------------------------------------------------------------- health gate

# Waits for GET /health/ready = 200 on every NPC_GATE_URL, then asks one smoke decision
# (PUT the smoke NPC, POST /v1/decisions with NPC_SMOKE_KEY) and checks it is a decision.
health_gate() {
  local body hdr rc=0
  body=$(mktemp)
  # The key goes in a header file, not on curl's command line (visible in ps).
  hdr=$(mktemp)
  chmod 600 "$hdr"
  printf 'authorization: Bearer %s\ncontent-type: application/json\n' "$NPC_SMOKE_KEY" >"$hdr"
  gate_checks "$body" "$hdr" || rc=$?
  rm -f "$body" "$hdr"
  return "$rc"
}

gate_checks() {
  local body=$1 hdr=$2 deadline=$((SECONDS + NPC_GATE_TIMEOUT_S)) url code why ready
  for url in $NPC_GATE_URL; do
    ready=0
    while ((SECONDS < deadline)); do
      if ! why=$(processes_alive); then
        log "gate: $why"
        return 1
      fi
      code=$(curl -s -o "$body" -w '%{http_code}' --max-time 2 "$url/health/ready" || true)
      if [[ $code == 200 ]]; then
        ready=1
        break
      fi
      sleep 0.2
    done
    if ((!ready)); then
      log "gate: $url/health/ready did not answer 200 within ${NPC_GATE_TIMEOUT_S}s (last: ${code:-none} $(head -c 300 "$body"))"
      return 1
    fi
    log "gate: $url/health/ready 200"
    if [[ -z $NPC_SMOKE_KEY ]]; then
      warn "gate: NPC_SMOKE_KEY is not set in deploy.env: no smoke decision (readiness only)"
      continue
    fi
    code=$(curl -s -o "$body" -w '%{http_code}' --max-time 5 -X PUT "$url/v1/npcs/$NPC_SMOKE_NPC" -H @"$hdr" \
      -d '{"name":"Deploy Smoke Test","role":"townsperson","background":"Answers the deploy health gate."}' || true)
    if [[ $code == 403 ]] && [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url/v1/npcs/$NPC_SMOKE_NPC" -H @"$hdr" || true) == 200 ]]; then
      # A smoke key made before NPC writes needed the npc:write scope: the NPC is there already.
      warn "gate: NPC_SMOKE_KEY may not PUT NPCs (scope game); $NPC_SMOKE_NPC is registered already, so the gate goes on. Create the smoke key with --scope npc:write"
    elif [[ $code != 200 && $code != 201 ]]; then
      log "gate: PUT /v1/npcs/$NPC_SMOKE_NPC answered ${code:-nothing}: $(head -c 300 "$body")"
      [[ $code == 403 ]] && log "gate: NPC_SMOKE_KEY needs scope npc:write (or admin): npc.sh keys create --name deploy-smoke --scope npc:write"
      return 1
    fi
    code=$(curl -s -o "$body" -w '%{http_code}' --max-time 5 -X POST "$url/v1/decisions" -H @"$hdr" \
      -d "{\"npc\":{\"id\":\"$NPC_SMOKE_NPC\"},\"player\":{\"id\":\"deploy-smoke\"},\"event\":{\"type\":\"talk\",\"text\":\"hello\"},\"allowedActions\":[\"talk\"],\"deadlineMs\":2000}" || true)
    if [[ $code != 200 ]] || ! grep -q '"decisionId"' "$body" || ! grep -q '"type":"talk"' "$body"; then
      log "gate: smoke decision answered ${code:-nothing}: $(head -c 300 "$body")"
      return 1
    fi
    log "gate: smoke decision ok ($(grep -o '"source":"[a-z]*"' "$body"))"
  done
  # A process that crashed right after answering fails the gate too.
  if ! why=$(processes_alive); then
    log "gate: $why"
    return 1
  fi
  return 0
}

# ---------------------------------------------------------------- database

psql_q() { PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 "$@"; }

schema_exists() {
  [[ $(psql_q -tAc "SELECT 1 FROM pg_namespace WHERE nspname = '$DATABASE_SCHEMA'") == 1 ]]
}

# Migrations of release $1 not yet recorded in the schema's kysely_migration table.
pending_migrations() {
  local release=$1 applied f name
  applied=$(psql_q -tAc "SELECT name FROM \"$DATABASE_SCHEMA\".kysely_migration" 2>/dev/null || true)
  for f in "$RELEASES_DIR/$release"/migrations/*; do
    [[ -f $f && $f =~ \.(m?ts|m?js)$ && ! $f =~ \.d\.m?ts$ ]] || continue
    name=$(basename "$f")
    name=${name%.*}
    grep -qxF "$name" <<<"$applied" || echo "$name"
  done
}

# pg_dump of DATABASE_SCHEMA (plain SQL, gzip) -> prints the file; prints nothing when the
# schema does not exist yet (first deploy: a failed migration is undone by dropping it).
backup_schema() {
  local tag=$1 file
  schema_exists || return 0
  file=$BACKUP_DIR/$tag-$(date -u +%Y%m%dT%H%M%SZ).sql.gz
  pg_dump --dbname="$DATABASE_URL" --schema="$DATABASE_SCHEMA" --no-owner --no-privileges | gzip -c >"$file.part"
  mv "$file.part" "$file"
  echo "$file"
}

# Replaces DATABASE_SCHEMA by the backup in one transaction (drop + reload; all or nothing).
# No backup file: the schema did not exist before, so it is dropped.
restore_schema() {
  local file=${1:-}
  if [[ -z $file ]]; then
    log "restore: dropping schema $DATABASE_SCHEMA (it did not exist before this deploy)"
    psql_q -c "DROP SCHEMA IF EXISTS \"$DATABASE_SCHEMA\" CASCADE"
    return
  fi
  [[ -f $file ]] || die "no backup file $file"
  log "restore: schema $DATABASE_SCHEMA from $file"
  { echo "DROP SCHEMA IF EXISTS \"$DATABASE_SCHEMA\" CASCADE;"; gzip -dc "$file"; } | psql_q --single-transaction -o /dev/null
}

run_migrations() { # release
  (
    cd "$RELEASES_DIR/$1" || exit 1
    load_env_file "$ENV_DIR/common.env"
    "$NPC_NODE" --import tsx apps/cli/src/main.ts migrate
  )
}

prune() {
  local keep=$1 dir=$2 pattern=$3 current=${4:-} f n=0
  # newest first; never the current release
  while IFS= read -r f; do
    [[ -n $f ]] || continue
    [[ $(basename "$f") == "$current" ]] && continue
    n=$((n + 1))
    if ((n > keep)); then
      log "pruning $f"
      rm -rf -- "$f"
    fi
  done < <(find "$dir" -mindepth 1 -maxdepth 1 -name "$pattern" -printf '%T@ %p\n' 2>/dev/null | sort -rn | cut -d' ' -f2-)
}
