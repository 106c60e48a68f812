import { installedWorld, withItemIdentity } from '@npc/world';
import type { DecisionRecord } from '@npc/contracts';

/**
 * The record with the game server's identity (item id, AegisName) beside every item its action
 * names, from the world knowledge this process loaded (`WORLD_FILE`, packages/world). The item-ids step of
 * the answer (./answer.ts, `settle`), so every stage's answer carries them; nothing imported: unchanged.
 */
export function withItemIds(record: DecisionRecord): DecisionRecord {
  const action = withItemIdentity(record.decision.action, installedWorld());
  return action === record.decision.action ? record : { ...record, decision: { ...record.decision, action } };
}
