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
export { normalizeEnglish } from './normalize';
export { detectLanguage, detectTokens, type Detected } from './language/detect';
export { translateTokens } from './language/translate';
export { resolveFollowUp, type FollowUp } from './followup';
export { respondWithNote, replyLanguage, type Responded } from './responders/respond';
export type { DialogueNote } from './responders/moves';
export { catalogFor, type Catalog } from './responders/i18n/index';
export { sentenceKey, sentences } from './responders/voice';
export { scaledNeeds, questSay } from './responders/plans/progression';
export { sayForAction } from './responders/say-for';
