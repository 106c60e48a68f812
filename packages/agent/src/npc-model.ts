import { describePersonality, type Npc } from '@npc/contracts';

// The personality's description is the contracts' (packages/llm reads it too, without depending on the agent).
export { describePersonality, traitBias } from '@npc/contracts';

export function describeNpc(npc: Pick<Npc, 'name' | 'role' | 'personality'>): string {
  return `${npc.name} (${npc.role.replace('_', ' ')}; ${describePersonality(npc.personality)})`;
}
