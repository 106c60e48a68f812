/**
 * Puts the server's identity of each item an action names beside its display name: `itemId` and
 * `aegisName` for buy, sell, quote_price and refine; the same for a quest's required items and
 * `rewardItemId`/`rewardAegisName` for its reward. Scripts then `getitem`/`delitem` by id. Args a
 * stage already identified are kept; names the server does not know stay without an id.
 */
import type { Action } from '@npc/contracts';
import type { WorldKnowledge } from './knowledge';

type Args = Record<string, unknown>;

function identify(kb: WorldKnowledge, args: Args, nameKey: string, idKey: string, aegisKey: string): Args | undefined {
  const name = args[nameKey];
  if (typeof name !== 'string' || args[idKey] !== undefined) return undefined;
  const id = kb.identity(name);
  return id ? { ...args, [idKey]: id.itemId, [aegisKey]: id.aegisName } : undefined;
}

/** The action with item identities added (the same object when there is nothing to add). */
export function withItemIdentity(action: Action, kb: WorldKnowledge | undefined): Action {
  if (!kb) return action;
  const args = action.args as Args;
  switch (action.type) {
    case 'buy': case 'sell': case 'quote_price': case 'refine': {
      const next = identify(kb, args, 'item', 'itemId', 'aegisName');
      return next ? ({ ...action, args: next } as Action) : action;
    }
    case 'give_quest': case 'complete_quest': {
      let next: Args = args;
      let changed = false;
      const reward = identify(kb, next, 'rewardItem', 'rewardItemId', 'rewardAegisName');
      if (reward) {
        next = reward;
        changed = true;
      }
      const requires = next.requires;
      if (Array.isArray(requires)) {
        const ids = (requires as Args[]).map((r) => identify(kb, r, 'item', 'itemId', 'aegisName') ?? r);
        if (ids.some((r, i) => r !== requires[i])) {
          next = { ...next, requires: ids };
          changed = true;
        }
      }
      return changed ? ({ ...action, args: next } as Action) : action;
    }
    default:
      return action;
  }
}
