#!/usr/bin/env bash
# The npc-brain CLI (`pnpm npc …` of a checkout) of the CURRENT release, with the host's settings:
# common.env, gateway.env (NPC_BRAIN_URL defaults to this host's gateway) and deploy.env
# (NPC_BRAIN_KEY defaults to NPC_SMOKE_KEY). Run as root or the service user:
#
#   sudo /opt/npc-brain/current/deploy/npc.sh keys create --name rathena --scope game
#   sudo /opt/npc-brain/current/deploy/npc.sh keys list | keys revoke ID | migrate | ask --npc ID --text …
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
. "$HERE/lib/common.sh"

load_deploy_config
[[ -d $CURRENT_LINK ]] || die "no current release in $NPC_ROOT"
export NPC_BRAIN_URL=${NPC_BRAIN_URL:-${NPC_GATE_URL%% *}}
export NPC_BRAIN_KEY=${NPC_BRAIN_KEY:-$NPC_SMOKE_KEY}
cd "$CURRENT_LINK"
exec "$NPC_NODE" --import tsx apps/cli/src/main.ts "$@"
