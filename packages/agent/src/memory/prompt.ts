/** Memory and world news as lines for the LLM prompt (`memory` of `LlmDecideInput`, oldest first, ≤ 8). */
import type { MemoryRecall } from '@npc/contracts';

const ago = (ms: number): string => {
  const m = Math.round(ms / 60_000);
  if (m < 1) return 'just now';
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h ago` : `${Math.round(h / 24)} days ago`;
};

/** At most 8 lines: who the player is to the NPC, the recalled memories (oldest first), then news. */
export function memoryLines(recall: MemoryRecall, now = Date.now()): string[] {
  const lines: string[] = [];
  if (recall.visits > 0) {
    const who = recall.playerName ?? 'This player';
    const grudge = recall.tally.insults || recall.tally.violence
      ? ` They ${[recall.tally.insults ? `insulted you ${recall.tally.insults}×` : '', recall.tally.violence ? `attacked you ${recall.tally.violence}×` : ''].filter(Boolean).join(' and ')}: be colder.`
      : '';
    lines.push(`${who} has met you ${recall.visits} time${recall.visits === 1 ? '' : 's'} before.${grudge}`);
  } else {
    lines.push('You have never met this player before.');
  }
  const mems = [...recall.memories].slice(0, 5).sort((a, b) => a.at - b.at);
  for (const m of mems) lines.push(`(${ago(now - m.at)}) ${m.text}`);
  for (const e of recall.news.slice(0, 2)) lines.push(`World news: ${e.text}${e.map ? ` (${e.map})` : ''}`);
  return lines.slice(0, 8);
}
