/**
 * Validation of a behaviour tree as registered with an NPC (`behaviorTree` of `PUT /v1/npcs/{id}`):
 * mistreevous's JSON definition format, restricted to what a per-decision tick needs, with every
 * `call` one of our leaves and its `args` valid for it. Errors name the bad node by its path
 * (`child.children.1.call`), so the gateway can answer 400 with `error.field`.
 *
 * Accepted nodes: a `root` (top only; a bare node is wrapped in one), `sequence`, `selector`,
 * `parallel`, `race`, `all`, `lotto` (+ `weights`), `repeat` / `retry` (bounded `iterations` /
 * `attempts` ≤ 10), `flip`, `succeed`, `fail`, `condition`, `action`. Not accepted: `wait` (a
 * decision lasts milliseconds), `branch` (no subtrees), node attributes (`while`, `until`, `entry`,
 * `exit`, `step`). At most 200 nodes, 16 levels.
 */
import { validateDefinition, type BehaviourTree } from 'mistreevous';
import { ACTIONS, CONDITIONS } from './leaves';

/** A mistreevous root node definition (JSON). */
export type BehaviorTreeDefinition = Exclude<ConstructorParameters<typeof BehaviourTree>[0], string | readonly unknown[]>;

export type TreeValidation =
  | { ok: true; tree: BehaviorTreeDefinition }
  | { ok: false; path: string; message: string };

export const MAX_NODES = 200;
export const MAX_DEPTH = 16;
const COMPOSITES = new Set(['sequence', 'selector', 'parallel', 'race', 'all', 'lotto']);
const DECORATORS = new Set(['repeat', 'retry', 'flip', 'succeed', 'fail']);

class TreeError extends Error {
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (path: string, key: string | number): string => (path ? `${path}.${key}` : String(key));

/** Validates a tree definition; on success returns it as a mistreevous root definition. */
export function validateBehaviorTree(definition: unknown): TreeValidation {
  try {
    if (!isObject(definition)) throw new TreeError('', 'a behaviour tree is a JSON object (mistreevous JSON definition)');
    const counter = { nodes: 0 };
    let tree: BehaviorTreeDefinition;
    if (definition.type === 'root') {
      allowKeys(definition, '', ['type', 'child']);
      if (!isObject(definition.child)) throw new TreeError('child', 'a root node needs one child node');
      checkNode(definition.child, 'child', 1, counter);
      tree = definition as unknown as BehaviorTreeDefinition;
    } else {
      checkNode(definition, '', 1, counter);
      tree = { type: 'root', child: definition } as unknown as BehaviorTreeDefinition;
    }
    const lib = validateDefinition(tree);
    if (!lib.succeeded) throw new TreeError('', lib.errorMessage ?? 'invalid behaviour tree');
    return { ok: true, tree };
  } catch (err) {
    if (err instanceof TreeError) return { ok: false, path: err.path, message: err.message };
    throw err;
  }
}

function allowKeys(node: Record<string, unknown>, path: string, keys: readonly string[]): void {
  for (const k of Object.keys(node)) {
    if (!keys.includes(k)) {
      const hint = ['while', 'until', 'entry', 'exit', 'step'].includes(k) ? 'node attributes are not supported' : `unknown key (allowed: ${keys.join(', ')})`;
      throw new TreeError(at(path, k), hint);
    }
  }
}

function checkNode(node: unknown, path: string, depth: number, counter: { nodes: number }): void {
  if (!isObject(node)) throw new TreeError(path, 'a node is a JSON object with a "type"');
  if (++counter.nodes > MAX_NODES) throw new TreeError(path, `too many nodes (at most ${MAX_NODES})`);
  if (depth > MAX_DEPTH) throw new TreeError(path, `too deep (at most ${MAX_DEPTH} levels)`);
  const type = node.type;
  if (typeof type !== 'string') throw new TreeError(at(path, 'type'), 'a node type');
  if (COMPOSITES.has(type)) {
    allowKeys(node, path, type === 'lotto' ? ['type', 'children', 'weights'] : ['type', 'children']);
    const children = node.children;
    if (!Array.isArray(children) || children.length === 0) throw new TreeError(at(path, 'children'), `a ${type} needs a non-empty children array`);
    if (type === 'lotto' && node.weights !== undefined) {
      const w = node.weights;
      if (!Array.isArray(w) || w.length !== children.length || !w.every((x) => Number.isInteger(x) && x >= 0 && x <= 1000)) {
        throw new TreeError(at(path, 'weights'), 'one integer weight 0…1000 per child');
      }
    }
    children.forEach((c, i) => checkNode(c, at(at(path, 'children'), i), depth + 1, counter));
    return;
  }
  if (DECORATORS.has(type)) {
    const bound = type === 'repeat' ? 'iterations' : type === 'retry' ? 'attempts' : undefined;
    allowKeys(node, path, bound ? ['type', 'child', bound] : ['type', 'child']);
    if (bound) {
      const n = node[bound];
      if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 10) throw new TreeError(at(path, bound), `a ${type} needs ${bound} between 1 and 10`);
    }
    if (!isObject(node.child)) throw new TreeError(at(path, 'child'), `a ${type} needs one child node`);
    checkNode(node.child, at(path, 'child'), depth + 1, counter);
    return;
  }
  if (type === 'condition' || type === 'action') {
    allowKeys(node, path, ['type', 'call', 'args']);
    const table: Record<string, { safeParse(v: unknown): { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } } }> =
      type === 'condition' ? CONDITIONS : ACTIONS;
    const call = node.call;
    if (typeof call !== 'string' || !Object.hasOwn(table, call)) {
      throw new TreeError(at(path, 'call'), `unknown ${type} ${JSON.stringify(call)}; known: ${Object.keys(table).join(', ')}`);
    }
    const args = node.args ?? [];
    if (!Array.isArray(args)) throw new TreeError(at(path, 'args'), 'args is an array');
    const parsed = table[call]?.safeParse(args);
    if (parsed && !parsed.success) {
      const issue = parsed.error?.issues[0];
      const sub = issue?.path.length ? issue.path.map(String).join('.') : '';
      throw new TreeError(sub ? at(at(path, 'args'), sub) : at(path, 'args'), `${call}: ${issue?.message ?? 'invalid arguments'}`);
    }
    return;
  }
  if (type === 'root') throw new TreeError(at(path, 'type'), 'root is only allowed at the top');
  if (type === 'wait') throw new TreeError(at(path, 'type'), 'wait nodes are not supported (a tree is ticked within one decision)');
  if (type === 'branch') throw new TreeError(at(path, 'type'), 'branch nodes (subtrees) are not supported');
  throw new TreeError(at(path, 'type'), `unknown node type ${JSON.stringify(type)}`);
}
