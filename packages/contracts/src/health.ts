import { z } from 'zod';

export const HealthReport = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), ms: z.number().optional(), error: z.string().optional() })),
});
export type HealthReport = z.infer<typeof HealthReport>;
