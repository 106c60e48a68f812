#!/usr/bin/env bash
# Starts, stops or shows the services of the current release, in NPC_APPS order, with the
# process manager of deploy.env (systemd, or plain processes with pid files).
#
#   deploy/services.sh start|stop|restart|status|gate
#
# `gate` runs deploy.sh's health gate against the running release (exit 0 = healthy).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
. "$HERE/lib/common.sh"

ensure_layout
load_deploy_config
case ${1:-} in
  start | restart)
    [[ -L $CURRENT_LINK ]] || die "no current release (deploy one with deploy/deploy.sh)"
    restart_all
    ;;
  stop) stop_all ;;
  status)
    echo "current: $(current_release)"
    while read -r app n; do
      if [[ $NPC_PROCESS_MANAGER == systemd ]]; then
        unit=$(unit_of "$app")
        if [[ $unit == *@ ]]; then
          systemctl list-units --all --plain --no-legend --type=service "$unit*.service" || true
        else
          systemctl list-units --all --plain --no-legend --type=service "$unit" || true
        fi
      else
        for ((i = 1; i <= n; i++)); do
          if pid=$(plain_pid "$RUN_DIR/$app@$i.pid"); then
            echo "$app@$i running pid $pid cwd $(readlink "/proc/$pid/cwd")"
          else
            echo "$app@$i stopped"
          fi
        done
      fi
    done < <(apps_in_order)
    ;;
  gate) health_gate ;;
  *)
    sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 1
    ;;
esac
