import { rm } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { ModelRegistry } from '@npc/persistence';

const DAY_MS = 86_400_000;

export interface PruneSummary {
  /** Versions deleted from the registry (their files too). */
  versions: number[];
  /** Files that could not be removed (already gone is not a failure). */
  fileErrors: string[];
}

/**
 * Deletes rejected and retired models whose status changed more than `retentionDays` ago, with
 * their files; never the promoted model, nor a candidate being judged. `retentionDays` 0 keeps
 * everything (LEARN_MODEL_RETENTION_DAYS=0). `now` is for tests.
 */
export async function pruneModels(models: ModelRegistry, retentionDays: number, log?: Logger, now = Date.now()): Promise<PruneSummary> {
  if (!(retentionDays > 0)) return { versions: [], fileErrors: [] };
  const deleted = await models.prune(new Date(now - retentionDays * DAY_MS));
  const fileErrors: string[] = [];
  for (const d of deleted) {
    if (!d.path) continue;
    try {
      await rm(d.path, { force: true });
    } catch (err) {
      fileErrors.push(`${d.path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const versions = deleted.map((d) => d.version).sort((a, b) => a - b);
  if (versions.length > 0) log?.info({ versions, retentionDays, fileErrors }, `pruned ${versions.length} rejected/retired intent model(s)`);
  return { versions, fileErrors };
}
