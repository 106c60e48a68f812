import { z } from 'zod';

export const ERROR_CODES = [
  'bad_request', 'unauthorized', 'forbidden', 'not_found', 'payload_too_large', 'unsupported_media_type',
  'rate_limited', 'not_ready', 'internal',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Every error reply: `{ error: { code, message, field? } }`. */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    field: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The dotted path of a zod issue (`player.level`, `allowedActions.2`); `body` for the root. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'body' : path.map(String).join('.');
}

/** Turns a failed zod parse into the contract's 400 body, naming the first bad field. */
export function zodErrorBody(error: z.ZodError, root?: string): ErrorBody {
  const first = error.issues[0];
  const field = first ? issuePath(root ? [root, ...first.path] : first.path) : (root ?? 'body');
  const message = error.issues
    .slice(0, 5)
    .map((i) => `${issuePath(root ? [root, ...i.path] : i.path)}: ${i.message}`)
    .join('; ');
  return { error: { code: 'bad_request', message, field } };
}
