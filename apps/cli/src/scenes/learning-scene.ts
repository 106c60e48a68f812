/**
 * The learning scene of the demo: ingest + retrain in this process (as `npc learn --once` does, on a
 * small corpus so it takes seconds), the inference worker hot-reloads the promoted model, and the
 * gateway's dashboard shows its version. With the fake LLM providers, the whole loop in miniature
 * (see apps/gateway/src/learning-loop.test.ts): a phrasing family nobody knows goes to the LLM,
 * players rate the answers +1, a retrain learns it, and fresh variants are answered by the model.
 *
 * Timing never fails the demo: every wait is bounded, and what did not happen in time is said.
 * Re-runs on the same schema work: a family an earlier run taught the model is skipped for the next
 * one, and a retrain that is not better is rejected (and said so).
 */
import { worthAnLlm } from '@npc/agent';
import { LearningWorkerEnv, closeRedis, createRedis, loadConfig } from '@npc/config';
import { Decision, type ActionType } from '@npc/contracts';
import { createDatabase, createRepositories, type Repositories } from '@npc/persistence';
import { makeDecision, type FakeLlm } from '@npc/testing';
import { ProductClassifier, ingestOnce, retrainOnce, signature, type RetrainDeps, type RetrainSummary } from '@npc/learning';
import { api, type ApiTarget } from '@npc/gateway-client';
import { describe } from './format';

/** Corpus examples per intent: small, so a retrain takes seconds (`npc learn` defaults to 600). */
const CORPUS_PER_INTENT = 400;
const N = 10;
const MERCHANT = 'tool_dealer_prontera';
const SHOP: ActionType[] = ['talk', 'emote', 'open_shop', 'buy', 'quote_price'];
const INTENT = 'buy';

/** Made-up slang for buying (not in the gazetteer, no rules cue); a re-run takes the first one the model does not know yet. */
const FAMILIES = [
  (q: string) => `hook a brother up with ${q} red juice`,
  (q: string) => `sort me out with ${q} fizzy blue bottles`,
  (q: string) => `slide me ${q} of them flappy doodads`,
  (q: string) => `load me up with ${q} crimson sips`,
  (q: string) => `bung me ${q} wobbly green tonics`,
];

/** Variants of one family: quantity, an `x`, case and trailing punctuation change; the learnt signature does not. */
function variants(family: (q: string) => string, from: number, count: number): string[] {
  const cases = [(t: string) => t, (t: string) => t[0]!.toUpperCase() + t.slice(1), (t: string) => t.toUpperCase()];
  const tails = ['', '!', '?', '!!', '...'];
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const qty = 2 + ((i * 7) % 97);
    return cases[i % cases.length]!(`${family(`${qty}${i % 4 === 3 ? 'x' : ''}`)}${tails[i % tails.length]}`);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (part: number, whole: number) => `${whole === 0 ? 0 : Math.round((part / whole) * 100)} %`;

/** Polls `read` until `ok` or `ms` pass; the last value and whether it got there. */
async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms: number, every = 250): Promise<{ value: T; ok: boolean; tookMs: number }> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return { value, ok: true, tookMs: Date.now() - started };
    if (Date.now() - started > ms) return { value, ok: false, tookMs: Date.now() - started };
    await sleep(every);
  }
}

/** The dashboard's model version ('none', or the version an inference worker has loaded); '?' when unreadable. */
async function dashboardModel(target: ApiTarget): Promise<{ modelVersion: string; llmAvailable: boolean }> {
  try {
    const { body } = await api<{ modelVersion?: string; llm?: { workersAvailable?: number } | null }>(target, 'GET', '/v1/admin/dashboard.json');
    return { modelVersion: String(body.modelVersion ?? '?'), llmAvailable: (body.llm?.workersAvailable ?? 0) > 0 };
  } catch {
    return { modelVersion: '?', llmAvailable: false };
  }
}

export interface LearningFakes {
  primary: FakeLlm;
  secondary: FakeLlm;
}

/** Plays the scene against a running gateway with an inference worker (admin key: the dashboard). */
export async function playLearningScene(target: ApiTarget, say: (line: string) => void, fakes?: LearningFakes): Promise<void> {
  say('\n== Learning: ingest + retrain in this process; the inference worker hot-reloads the promoted model ==');
  const config = { ...loadConfig(LearningWorkerEnv), LEARN_CORPUS_PER_INTENT: CORPUS_PER_INTENT };
  const database = createDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 2, applicationName: 'npc-demo-learn' });
  const redis = createRedis(config, 'producer', { connectionName: `npc-demo-learn:${process.pid}` });
  redis.on('error', () => undefined);
  // The promotion is announced on Redis; inference workers also poll the registry if it is missed.
  const publisher = { publish: (channel: string, message: string) => redis.publish(channel, message).catch(() => 0) };
  try {
    const repos = createRepositories(database.db);
    const deps: RetrainDeps = { learning: repos.learning, models: repos.models, config, redis: publisher };

    /** Ingest (again, bounded, until `ready` says what is wanted is in: the gateway stores decisions in batches), then retrain. */
    const round = async (reason: string, ready?: () => Promise<boolean>): Promise<RetrainSummary> => {
      let decisions = 0;
      let ratings = 0;
      const until = Date.now() + 10_000;
      for (;;) {
        const ingest = await ingestOnce({ learning: repos.learning }, { settleMs: 0 });
        decisions += ingest.decisions;
        ratings += ingest.ratings;
        if (!ready || (await ready())) break;
        if (Date.now() > until) {
          say('  (not every rated decision was stored within 10 s; retraining with what is there)');
          break;
        }
        await sleep(300);
      }
      say(`  ingested ${decisions} decisions and ${ratings} rating${ratings === 1 ? "" : "s"}; ${await repos.learning.countPatterns()} patterns`);
      const s = await retrainOnce(deps, { reason });
      const base = s.baselineAccuracy === null ? '' : ` (v${s.baselineVersion}: ${(s.baselineAccuracy * 100).toFixed(1)} %)`;
      say(`  intent model v${s.version}: ${s.promoted ? 'PROMOTED' : 'rejected'} — ${s.decision}`);
      say(`    ${s.examples} examples (${s.learntExamples} learnt), held-out accuracy ${(s.accuracy * 100).toFixed(1)} %${base}, ${(s.durationMs / 1000).toFixed(1)} s`);
      return s;
    };

    /** Waits (bounded) until the dashboard shows the promoted version; says how it went. Never throws. */
    const awaitDashboard = async (): Promise<boolean> => {
      const promoted = (await repos.models.promoted())?.version;
      if (promoted === undefined) {
        say('  no promoted model: the rules answer');
        return false;
      }
      const want = String(promoted);
      const seen = await waitFor(() => dashboardModel(target), (d) => d.modelVersion === want, 15_000);
      if (seen.ok) say(`  dashboard modelVersion = ${want} (the inference worker loaded it${seen.tookMs > 300 ? ` after ${(seen.tookMs / 1000).toFixed(1)} s` : ''})`);
      else say(`  dashboard modelVersion is still ${seen.value.modelVersion} after 15 s (want ${want}); going on — the worker picks it up on its next registry poll`);
      return seen.ok;
    };

    await round(fakes ? 'demo: first model' : 'demo');
    await awaitDashboard();

    const ask = async (text: string, i: number, npc = MERCHANT, allowedActions: ActionType[] = SHOP): Promise<Decision> =>
      (await api(target, 'POST', '/v1/decisions', {
        npc: { id: npc }, player: { id: `learner-${i}`, name: `Hero${i}`, level: 20 }, event: { type: 'talk', text }, allowedActions, deadlineMs: 3000,
      }, Decision)).body;

    if (!fakes) {
      for (const [npc, text, allowed] of [
        [MERCHANT, 'i would like to buy 3 red potions', SHOP],
        // The rules guess price_check ("around here"); the model knows it is a quest request.
        ['quest_giver_prontera', 'anything worth doing around here?', ['talk', 'emote', 'give_quest'] as ActionType[]],
        ['kafra_prontera', 'can you save my spot here please', ['talk', 'save_point', 'warp', 'open_storage'] as ActionType[]],
      ] as const) {
        const d = await ask(text, 0, npc, [...allowed]);
        say(`  "${text}" → ${npc}: ${describe(d)}`);
      }
      return;
    }
    await playLoop(target, say, fakes, repos, ask, round, awaitDashboard);
  } finally {
    await closeRedis(redis).catch(() => undefined);
    await database.close();
  }
}

/** The loop in miniature: a new phrasing family → LLM → rated +1 → ingest + retrain → answered by the model. */
async function playLoop(
  target: ApiTarget,
  say: (line: string) => void,
  fakes: LearningFakes,
  repos: Repositories,
  ask: (text: string, i: number) => Promise<Decision>,
  round: (reason: string, ready?: () => Promise<boolean>) => Promise<RetrainSummary>,
  awaitDashboard: () => Promise<boolean>,
): Promise<void> {
  // A family the rules and the promoted model would send to the LLM (an earlier run may have taught one).
  const product = await ProductClassifier.fromRegistry(repos.models);
  let family: ((q: string) => string) | undefined;
  try {
    for (const f of FAMILIES) {
      const texts = variants(f, 0, 2 * N);
      const routed = await product.classify(texts);
      if (routed.every((p) => p.by === 'rules' && worthAnLlm({ request: {} as never, npc: {} as never, hops: [], intent: p.intent }))) {
        family = f;
        break;
      }
    }
  } finally {
    await product.release();
  }
  if (!family) {
    say(`  every demo phrasing family is already learnt (earlier runs on this schema): skipping the loop`);
    return;
  }
  const before = variants(family, 0, N);
  const after = variants(family, N, N);
  const sig = signature(before[0]!);
  say(`\n  -- a new phrasing the rules and the model do not know: "${before[0]}" (${N} variants) --`);

  // The fakes label this family `buy` (their own cues would call it small talk).
  const script = (req: Parameters<typeof makeDecision>[0] & { allowedActions: string[] }) =>
    ({ kind: 'ok' as const, content: { ...makeDecision(req, req.allowedActions.length ? req.allowedActions : ['talk']), intent: { name: INTENT, confidence: 0.9 } } });
  fakes.primary.setBehaviour(script);
  fakes.secondary.setBehaviour(script);
  try {
    const llm = await waitFor(() => dashboardModel(target), (d) => d.llmAvailable, 10_000);
    if (!llm.ok) say('  (the LLM worker does not report an available provider yet; the rules may answer)');

    const send = async (texts: string[], offset: number) => {
      const calls0 = fakes.primary.calls().length + fakes.secondary.calls().length;
      const out: Decision[] = [];
      for (let i = 0; i < texts.length; i += 4) out.push(...(await Promise.all(texts.slice(i, i + 4).map((t, k) => ask(t, offset + i + k)))));
      return { decisions: out, calls: fakes.primary.calls().length + fakes.secondary.calls().length - calls0 };
    };

    const b = await send(before, 0);
    const llmBefore = b.decisions.filter((d) => d.source === 'llm').length;
    let rated = 0;
    for (const d of b.decisions) {
      try {
        await api(target, 'POST', `/v1/decisions/${d.decisionId}/feedback`, { rating: 1, outcome: 'player got the potions' });
        rated++;
      } catch {
        // an unrated answer is simply not learnt from
      }
    }
    say(`  before: ${llmBefore}/${N} answered by the LLM (${b.calls} provider calls), e.g. ${describe(b.decisions[0]!)}; ${rated} rated +1`);

    const learnt = () => repos.learning.pattern({ role: 'merchant', intent: INTENT, signature: sig });
    const s = await round('demo: learnt phrasing', async () => ((await learnt())?.rated ?? 0) >= rated);
    const pattern = await learnt();
    say(`    pattern "${sig}" → ${INTENT}: ${pattern?.uses ?? 0} uses, ${pattern?.positive ?? 0} rated +1`);
    if (s.promoted) await awaitDashboard();
    else say(`    v${s.baselineVersion} stays, so the LLM keeps answering this phrasing (too few of its variants fell in the held-out split to make a difference there; more rated uses will)`);

    const a = await send(after, N);
    const llmAfter = a.decisions.filter((d) => d.source === 'llm').length;
    const byModel = a.decisions.filter((d) => d.source === 'model');
    say(`  after: ${N} fresh variants, ${byModel.length}/${N} answered by the model (intent ${[...new Set(byModel.map((d) => d.intent.name))].join(', ') || '-'}), ${a.calls} provider calls`);
    say(`    "${after[1]}" → ${describe(a.decisions[1]!)}`);
    say(`  LLM share for this phrasing: ${pct(llmBefore, N)} → ${pct(llmAfter, N)}`);
  } finally {
    fakes.primary.setBehaviour('ok');
    fakes.secondary.setBehaviour('ok');
  }
}
