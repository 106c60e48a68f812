import type { Decision } from '@npc/contracts';

/** One decision as the demo prints it: action (args), emotion, intent, source and latency. */
export function describe(d: Decision): string {
  const args = Object.keys(d.action.args).length ? ` ${JSON.stringify(d.action.args)}` : '';
  return `[${d.action.type}${args}] emotion=${d.emotion ?? '-'} intent=${d.intent.name}(${d.intent.confidence.toFixed(2)}) source=${d.source} ${d.latencyMs} ms`;
}
