import { z } from 'zod';

/**
 * rAthena's `enum emotion_type` (src/map/clif.hpp), in its order: the index is the number the
 * `emotion` script command takes (`ET_SURPRISE` = 0 … `ET_YUT7` = 87). Current scripts use these
 * names (`emotion ET_SMILE;`). packages/world/src/emotions.test.ts compares this list with the
 * enum in the shared rAthena source.
 */
export const ET_NAMES = [
  'ET_SURPRISE', 'ET_QUESTION', 'ET_DELIGHT', 'ET_THROB', 'ET_SWEAT', 'ET_AHA', 'ET_FRET', 'ET_ANGER',
  'ET_MONEY', 'ET_THINK', 'ET_SCISSOR', 'ET_ROCK', 'ET_WRAP', 'ET_FLAG', 'ET_BIGTHROB', 'ET_THANKS',
  'ET_KEK', 'ET_SORRY', 'ET_SMILE', 'ET_PROFUSELY_SWEAT', 'ET_SCRATCH', 'ET_BEST', 'ET_STARE_ABOUT', 'ET_HUK',
  'ET_O', 'ET_X', 'ET_HELP', 'ET_GO', 'ET_CRY', 'ET_KIK', 'ET_CHUP', 'ET_CHUPCHUP',
  'ET_HNG', 'ET_OK', 'ET_CHAT_PROHIBIT', 'ET_INDONESIA_FLAG', 'ET_STARE', 'ET_HUNGRY', 'ET_COOL', 'ET_MERONG',
  'ET_SHY', 'ET_GOODBOY', 'ET_SPTIME', 'ET_SEXY', 'ET_COMEON', 'ET_SLEEPY', 'ET_CONGRATULATION', 'ET_HPTIME',
  'ET_PH_FLAG', 'ET_MY_FLAG', 'ET_SI_FLAG', 'ET_BR_FLAG', 'ET_SPARK', 'ET_CONFUSE', 'ET_OHNO', 'ET_HUM',
  'ET_BLABLA', 'ET_OTL', 'ET_DICE1', 'ET_DICE2', 'ET_DICE3', 'ET_DICE4', 'ET_DICE5', 'ET_DICE6',
  'ET_INDIA_FLAG', 'ET_LUV', 'ET_FLAG8', 'ET_FLAG9', 'ET_MOBILE', 'ET_MAIL', 'ET_ANTENNA0', 'ET_ANTENNA1',
  'ET_ANTENNA2', 'ET_ANTENNA3', 'ET_HUM2', 'ET_ABS', 'ET_OOPS', 'ET_SPIT', 'ET_ENE', 'ET_PANIC',
  'ET_WHISP', 'ET_YUT1', 'ET_YUT2', 'ET_YUT3', 'ET_YUT4', 'ET_YUT5', 'ET_YUT6', 'ET_YUT7',
] as const;
export type EtName = (typeof ET_NAMES)[number];

/**
 * The older script constants, `e_gasp` … `e_yut7`, in the same order (so `EMOTIONS[n]` is emotion
 * number n, the same as `ET_NAMES[n]`): rAthena renamed them to `ET_*` (its
 * tools/convert_emotions.py keeps the pairs). These are the names decisions carry and the LLM is
 * offered.
 */
export const EMOTIONS = [
  'e_gasp', 'e_what', 'e_ho', 'e_lv', 'e_swt', 'e_ic', 'e_an', 'e_ag', 'e_cash', 'e_dots',
  'e_scissors', 'e_rock', 'e_paper', 'e_korea', 'e_lv2', 'e_thx', 'e_wah', 'e_sry', 'e_heh', 'e_swt2',
  'e_hmm', 'e_no1', 'e_no', 'e_omg', 'e_oh', 'e_X', 'e_hlp', 'e_go', 'e_sob', 'e_gg',
  'e_kis', 'e_kis2', 'e_pif', 'e_ok', 'e_mute', 'e_indonesia', 'e_bzz', 'e_rice', 'e_awsm', 'e_meh',
  'e_shy', 'e_pat', 'e_mp', 'e_slur', 'e_com', 'e_yawn', 'e_grat', 'e_hp', 'e_philippines', 'e_malaysia',
  'e_singapore', 'e_brazil', 'e_flash', 'e_spin', 'e_sigh', 'e_dum', 'e_loud', 'e_otl', 'e_dice1', 'e_dice2',
  'e_dice3', 'e_dice4', 'e_dice5', 'e_dice6', 'e_india', 'e_luv', 'e_russia', 'e_virgin', 'e_mobile', 'e_mail',
  'e_chinese', 'e_antenna1', 'e_antenna2', 'e_antenna3', 'e_hum', 'e_abs', 'e_oops', 'e_spit', 'e_ene', 'e_panic',
  'e_whisp', 'e_yut1', 'e_yut2', 'e_yut3', 'e_yut4', 'e_yut5', 'e_yut6', 'e_yut7',
] as const;

/**
 * Names npc-brain used before the table was derived from rAthena, still accepted so stored
 * decisions and older clients stay valid: `e_smile` is ET_SMILE (18, the same as `e_heh`),
 * `e_boast` is ET_BEST (21, `/no1`).
 */
export const LEGACY_EMOTIONS = { e_smile: 'ET_SMILE', e_boast: 'ET_BEST' } as const satisfies Record<string, EtName>;

/** Every name a decision's `emotion` may hold: the `e_*` names, the `ET_*` names and the legacy ones. */
export const EMOTION_NAMES = [...EMOTIONS, ...ET_NAMES, ...(Object.keys(LEGACY_EMOTIONS) as Array<keyof typeof LEGACY_EMOTIONS>)] as const;
export const Emotion = z.enum(EMOTION_NAMES);
export type Emotion = z.infer<typeof Emotion>;

const NUMBERS: ReadonlyMap<string, number> = new Map<string, number>([
  ...EMOTIONS.map((n, i) => [n, i] as const),
  ...ET_NAMES.map((n, i) => [n, i] as const),
  ...Object.entries(LEGACY_EMOTIONS).map(([n, et]) => [n, ET_NAMES.indexOf(et)] as const),
]);

/** The number of rAthena's `emotion` command for a name (`e_*`, `ET_*` or legacy); -1 for null or unknown. */
export function emotionId(name: string | null | undefined): number {
  return name == null ? -1 : (NUMBERS.get(name) ?? -1);
}
