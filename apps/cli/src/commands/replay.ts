import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DecisionRequest, type Decision } from '@npc/contracts';
import { api, ApiError, type ApiTarget } from '@npc/gateway-client';

export interface ReplaySummary {
  total: number;
  failed: number;
  bySource: Record<string, number>;
  cacheHitRatio: number;
  totalCostUsd: number;
  meanCostUsd: number;
}

/**
 * `pnpm npc replay FILE.jsonl`: sends each line (a decision request) to the gateway, `concurrency`
 * at a time, and sums up what answered and what it cost. Bad lines are counted, never fatal.
 */
export async function replay(target: ApiTarget, file: string, concurrency: number, out: (line: string) => void): Promise<ReplaySummary> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line.trim()) lines.push(line);
  const bySource: Record<string, number> = {};
  let failed = 0;
  let cost = 0;
  let next = 0;
  const run = async () => {
    while (next < lines.length) {
      const i = next++;
      try {
        const parsed = DecisionRequest.safeParse(JSON.parse(lines[i]!));
        if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid request');
        const d = (await api<Decision>(target, 'POST', '/v1/decisions', { ...parsed.data, wait: true })).body;
        bySource[d.source] = (bySource[d.source] ?? 0) + 1;
        cost += d.costUsd;
      } catch (err) {
        failed++;
        out(`  line ${i + 1}: ${err instanceof ApiError ? `HTTP ${err.status} ${JSON.stringify(err.body)}` : err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, run));
  const answered = lines.length - failed;
  const paidOrCached = (bySource.cache ?? 0) + (bySource.llm ?? 0);
  const summary: ReplaySummary = {
    total: lines.length,
    failed,
    bySource,
    cacheHitRatio: paidOrCached ? (bySource.cache ?? 0) / paidOrCached : 0,
    totalCostUsd: cost,
    meanCostUsd: answered ? cost / answered : 0,
  };
  out(`replayed ${summary.total} requests (${failed} failed)`);
  out(`  by source: ${Object.entries(bySource).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  out(`  cache hit ratio (cache / (cache + llm)): ${(summary.cacheHitRatio * 100).toFixed(1)} %`);
  out(`  total cost $${cost.toFixed(6)}, mean $${summary.meanCostUsd.toFixed(6)} per decision`);
  return summary;
}
