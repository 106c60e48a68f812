import { z } from 'zod';
import { cleanText } from './text';

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
  // A bad key (NUL, lone surrogate) is part of the path: the name is cleaned, so the 400 stays valid text.
  return path.length === 0 ? 'body' : cleanText(path.map(String).join('.'));
}

type Issue = z.core.$ZodIssue;

/**
 * The issue that says why: a bad record key or a union whose one fitting branch failed a check
 * (a context value with a NUL) is reported by zod as "Invalid key" / "Invalid input"; the nested
 * issue names the real reason.
 */
function reason(issue: Issue): Issue {
  if (issue.code === 'invalid_key' && issue.issues[0]) return { ...issue.issues[0], path: issue.path } as Issue;
  if (issue.code === 'invalid_union') {
    const fitting = issue.errors.map((e) => e[0]).filter((i): i is Issue => i !== undefined && i.code !== 'invalid_type');
    if (fitting.length === 1) return { ...fitting[0]!, path: [...issue.path, ...fitting[0]!.path] } as Issue;
  }
  return issue;
}

/** Turns a failed zod parse into the contract's 400 body, naming the first bad field. */
export function zodErrorBody(error: z.ZodError, root?: string): ErrorBody {
  const issues = error.issues.map(reason);
  const first = issues[0];
  const field = first ? issuePath(root ? [root, ...first.path] : first.path) : (root ?? 'body');
  const message = issues
    .slice(0, 5)
    .map((i) => `${issuePath(root ? [root, ...i.path] : i.path)}: ${i.message}`)
    .join('; ');
  return { error: { code: 'bad_request', message, field } };
}
