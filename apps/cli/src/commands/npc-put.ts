import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ExternalId, NpcInput, type Npc } from '@npc/contracts';
import { api, type ApiTarget } from '@npc/gateway-client';

/** A file holds one NPC (`{ id, name, role, … }`) or a list of them, as JSON or YAML. */
export const NpcFile = z.union([
  NpcInput.extend({ id: ExternalId }),
  z.array(NpcInput.extend({ id: ExternalId })).min(1),
]);

export async function readNpcFile(path: string): Promise<z.infer<typeof NpcFile>> {
  const text = await readFile(path, 'utf8');
  const data: unknown = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  const parsed = NpcFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue?.path.join('.') || 'file'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Registers (PUT) every NPC of the file through the gateway, so validation and cache invalidation happen in one place. */
export async function putNpcs(target: ApiTarget, path: string): Promise<Npc[]> {
  const data = await readNpcFile(path);
  const list = Array.isArray(data) ? data : [data];
  const out: Npc[] = [];
  for (const { id, ...input } of list) out.push((await api<Npc>(target, 'PUT', `/v1/npcs/${encodeURIComponent(id)}`, input)).body);
  return out;
}
