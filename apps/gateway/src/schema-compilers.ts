import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import type { z } from 'zod';
import { RequestValidationError } from './http-errors';

/*
 * How the zod schemas declared on the routes are used at run time (their types come from
 * fastify-type-provider-zod's `ZodTypeProvider`, and the OpenAPI document from `openapi.ts`).
 */

/**
 * Requests: each declared part (params, body, querystring) is parsed by its schema, and the parsed
 * value (defaults applied) replaces it. A failure throws `RequestValidationError` (400, `error.field`
 * names the first bad field, as `zodErrorBody` writes it). Ours rather than the library's
 * `validatorCompiler`, whose errors keep an issue's path only as a '/'-joined string.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema }) => (data) => {
  const parsed = schema.safeParse(data);
  return parsed.success ? { value: parsed.data } : { error: new RequestValidationError(parsed.error) };
};

/**
 * Replies: plain JSON.stringify, what Fastify does for a route without a response schema. The
 * response schemas are checked at compile time (the type provider types `reply.send`) and
 * documented; a decision was validated by the stage that made it, so it is not parsed again here.
 */
export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = () => (data) => JSON.stringify(data);
