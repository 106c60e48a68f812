export { normalize, type Normalized, type NumberMention, type NumberKind } from './normalize';
export { recognize, DEFAULT_INTENT_THRESHOLD, type RecognizeOptions } from './recognize';
export { respond, type RespondInput, type RespondTuning } from './responders/respond';
export {
  ALARM_THRESHOLD, MAX_DISCOUNT_PCT, NO_GRUDGE, adjustPrice, alarmLevel, escalates, isHaggling, priceAdjustmentPct, traitsToward,
  type Grudge, type PriceMood, type Provocation,
} from './disposition';
export { decideByRules, type DecideOptions, type RulesDecision } from './decide';
export { Slots, Recognition } from './types';
export { TOWNS, ITEMS, JOBS, PLACES, type Town, type Item, type Job, type Place } from './lexicon';
export { findTown, findItem, findJob } from './entities';
