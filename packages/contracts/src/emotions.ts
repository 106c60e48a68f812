import { z } from 'zod';

/** rAthena's classic emotion constants (`emotion e_heh;` in NPC scripts), in their numeric order. */
export const EMOTIONS = [
  'e_gasp', 'e_what', 'e_ho', 'e_lv', 'e_swt', 'e_ic', 'e_an', 'e_ag', 'e_cash', 'e_dots',
  'e_scissors', 'e_rock', 'e_paper', 'e_korea', 'e_lv2', 'e_thx', 'e_wah', 'e_sry', 'e_heh', 'e_swt2',
  'e_hmm', 'e_no1', 'e_no', 'e_omg', 'e_oh', 'e_X', 'e_hlp', 'e_go', 'e_sob', 'e_gg',
  'e_kis', 'e_kis2', 'e_pif', 'e_ok', 'e_mute', 'e_indonesia', 'e_bzz', 'e_rice', 'e_awsm', 'e_yawn',
  'e_smile', 'e_boast', 'e_spit',
] as const;
export const Emotion = z.enum(EMOTIONS);
export type Emotion = z.infer<typeof Emotion>;
