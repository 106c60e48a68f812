import { ActionType, EventType, type Decision, type DecisionRequestInput } from '@npc/contracts';
import { api, type ApiTarget } from '@npc/gateway-client';

export interface AskOptions {
  npc: string;
  player: string;
  name?: string;
  level?: string;
  text?: string;
  event: string;
  allow: string;
  deadline?: string;
  requestId?: string;
}

/** Asks the gateway for one decision. */
export async function ask(target: ApiTarget, o: AskOptions): Promise<Decision> {
  const body: DecisionRequestInput = {
    npc: { id: o.npc },
    player: { id: o.player, ...(o.name ? { name: o.name } : {}), ...(o.level ? { level: Number(o.level) } : {}) },
    event: { type: EventType.parse(o.event), ...(o.text ? { text: o.text } : {}) },
    allowedActions: o.allow.split(',').map((a) => ActionType.parse(a.trim())),
    ...(o.deadline ? { deadlineMs: Number(o.deadline) } : {}),
    ...(o.requestId ? { requestId: o.requestId } : {}),
  };
  return (await api<Decision>(target, 'POST', '/v1/decisions', body)).body;
}
