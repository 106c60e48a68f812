import { NEUTRAL_PERSONALITY, type Personality } from './npc';

/** A trait's distance from neutral, -1..1: negative = low, positive = high. */
export function traitBias(p: Personality, trait: keyof Personality): number {
  return (p[trait] - 0.5) * 2;
}

/** A one-line description of the NPC's character, used in prompts, logs and the demo. */
export function describePersonality(p: Personality = NEUTRAL_PERSONALITY): string {
  const words: string[] = [];
  const pick = (t: keyof Personality, low: string, high: string) => {
    const b = traitBias(p, t);
    if (b >= 0.4) words.push(high);
    else if (b <= -0.4) words.push(low);
  };
  pick('openness', 'conventional', 'imaginative');
  pick('conscientiousness', 'easy-going', 'meticulous');
  pick('extraversion', 'reserved', 'outgoing');
  pick('agreeableness', 'blunt', 'warm');
  pick('neuroticism', 'calm', 'nervous');
  return words.length ? words.join(', ') : 'even-tempered';
}
