import { z } from 'zod';
import { ACTION_TYPES, ActionArgs, DecisionBody, EMOTIONS, type ActionType } from '@npc/contracts';

/** A JSON Schema node as sent on the wire (plain JSON). */
export type JsonSchema = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What goes into `response_format` of a chat completion. */
export interface DecisionResponseFormat {
  type: 'json_schema';
  json_schema: { name: string; strict: true; schema: JsonSchema };
}

export const DECISION_SCHEMA_NAME = 'npc_decision';

/**
 * Keywords OpenAI's strict structured outputs do not accept (they answer 400 "Invalid schema").
 * zod enforces them anyway when the answer is validated.
 */
const UNSUPPORTED = new Set(['$schema', 'minLength', 'maxLength', 'default', 'examples', 'id', '$id']);

const isObj = (v: JsonValue | undefined): v is { [key: string]: JsonValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `T` → `T | null`, keeping T's other keywords. */
function nullable(s: JsonSchema): JsonSchema {
  const t = s.type;
  if (typeof t === 'string') return { ...s, type: [t, 'null'] };
  if (Array.isArray(t)) return t.includes('null') ? s : { ...s, type: [...t, 'null'] };
  if (Array.isArray(s.anyOf)) {
    return s.anyOf.some((b) => isObj(b) && b.type === 'null') ? s : { ...s, anyOf: [...s.anyOf, { type: 'null' }] };
  }
  return { anyOf: [s, { type: 'null' }] };
}

/**
 * OpenAI strict mode: every property required and `additionalProperties: false`. A property that
 * was optional becomes required-but-nullable; {@link normaliseWireOutput} turns the nulls back
 * into absent keys before the zod schemas see the answer.
 */
export function strictify(node: JsonValue): JsonValue {
  if (Array.isArray(node)) return node.map(strictify);
  if (!isObj(node)) return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if (UNSUPPORTED.has(k)) continue;
    out[k] = k === 'properties' ? v : strictify(v);
  }
  if (out.type === 'object' || isObj(out.properties)) {
    const props = isObj(out.properties) ? out.properties : {};
    const required = new Set(Array.isArray(out.required) ? out.required.filter((r): r is string => typeof r === 'string') : []);
    const strictProps: JsonSchema = {};
    for (const [k, v] of Object.entries(props)) {
      const child = strictify(v);
      strictProps[k] = required.has(k) || !isObj(child) ? child : nullable(child);
    }
    out.properties = strictProps;
    out.required = Object.keys(strictProps);
    out.additionalProperties = false;
  }
  return out;
}

const toJson = (s: z.ZodType): JsonSchema => z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' }) as JsonSchema;

/** The wire schema of one action variant: `{ type: <t>, args: {...} }`. */
function actionVariant(type: ActionType): JsonSchema {
  return {
    type: 'object',
    properties: { type: { type: 'string', enum: [type] }, args: toJson(ActionArgs[type]) },
    required: ['type', 'args'],
    additionalProperties: false,
  };
}

const canonical = (allowed: readonly ActionType[]): ActionType[] =>
  ACTION_TYPES.filter((t) => allowed.includes(t));

const cache = new Map<string, DecisionResponseFormat>();

/**
 * The structured-output format for one request, generated from the contract's zod schemas and
 * narrowed to `allowedActions` (only those action variants). Cached per allowed set.
 * Property order is intent → action → say → emotion: the model classifies before it acts.
 */
export function decisionResponseFormat(allowed: readonly ActionType[]): DecisionResponseFormat {
  const types = canonical(allowed);
  if (types.length === 0) throw new Error('allowedActions is empty');
  const key = types.join(',');
  const hit = cache.get(key);
  if (hit) return hit;
  const body = toJson(DecisionBody);
  const props = isObj(body.properties) ? body.properties : {};
  const variants = types.map(actionVariant);
  const action: JsonSchema = variants.length === 1 && variants[0] ? variants[0] : { anyOf: variants };
  const wire: JsonSchema = {
    type: 'object',
    properties: {
      intent: props.intent ?? null,
      action,
      say: { ...(isObj(props.say) ? props.say : { type: 'string' }), description: `what the NPC says, in character, at most ${maxSay(props.say)} characters` },
      // The e_* names only (the ET_* aliases the contract also accepts would double the enum).
      emotion: { anyOf: [{ type: 'string', enum: [...EMOTIONS] }, { type: 'null' }] },
    },
    required: ['intent', 'action', 'say', 'emotion'],
    additionalProperties: false,
  };
  const schema = strictify(wire) as JsonSchema;
  const format: DecisionResponseFormat = { type: 'json_schema', json_schema: { name: DECISION_SCHEMA_NAME, strict: true, schema } };
  cache.set(key, format);
  return format;
}

function maxSay(say: JsonValue | undefined): number {
  return isObj(say) && typeof say.maxLength === 'number' ? say.maxLength : 280;
}

/** The action types a wire schema allows (for tests and the fake provider). */
export function actionTypesIn(schema: JsonSchema): string[] {
  const props = isObj(schema.properties) ? schema.properties : {};
  const action = props.action;
  if (!isObj(action)) return [];
  const variants = Array.isArray(action.anyOf) ? action.anyOf : [action];
  const out: string[] = [];
  for (const v of variants) {
    if (!isObj(v) || !isObj(v.properties)) continue;
    const t = v.properties.type;
    if (!isObj(t)) continue;
    if (typeof t.const === 'string') out.push(t.const);
    if (Array.isArray(t.enum)) for (const e of t.enum) if (typeof e === 'string') out.push(e);
  }
  return out;
}

/**
 * Wire answer → contract shape: nulls standing for omitted optional args are dropped, missing
 * or null args become `{}`. Anything else is left for zod to judge.
 */
export function normaliseWireOutput(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  const action = v.action;
  if (!action || typeof action !== 'object' || Array.isArray(action)) return value;
  const a = action as Record<string, unknown>;
  let args: unknown = a.args;
  if (args === null || args === undefined) args = {};
  else if (typeof args === 'object' && !Array.isArray(args)) {
    args = Object.fromEntries(Object.entries(args as Record<string, unknown>).filter(([, x]) => x !== null));
  }
  return { ...v, action: { ...a, args } };
}
