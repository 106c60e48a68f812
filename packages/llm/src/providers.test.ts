import { describe, expect, it } from 'vitest';
import { costUsd, LlmConfigError, parseProviders, priceFor } from './providers';

const entry = (extra: Record<string, unknown> = {}) => ({
  name: 'primary', baseURL: 'http://127.0.0.1:8080/v1', apiKeyEnv: 'OPENAI_API_KEY', model: 'gpt-4o-mini',
  inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, timeoutMs: 4000, ...extra,
});

describe('parseProviders', () => {
  it('empty or undefined → [] (the LLM route is off)', () => {
    expect(parseProviders(undefined, {})).toEqual([]);
    expect(parseProviders('', {})).toEqual([]);
    expect(parseProviders('   ', {})).toEqual([]);
    expect(parseProviders('[]', {})).toEqual([]);
  });

  it('keeps order and reads each API key from its env variable', () => {
    const json = JSON.stringify([entry(), entry({ name: 'local', baseURL: 'http://127.0.0.1:11434/v1', apiKeyEnv: 'OLLAMA_KEY', model: 'llama3.2', inputUsdPerMTok: 0, outputUsdPerMTok: 0 })]);
    const list = parseProviders(json, { OPENAI_API_KEY: 'sk-test' });
    expect(list.map((p) => p.name)).toEqual(['primary', 'local']);
    expect(list[0]).toMatchObject({ apiKey: 'sk-test', model: 'gpt-4o-mini', timeoutMs: 4000 });
    // A missing key is fine for local servers.
    expect(list[1]?.apiKey).toBe('none');
  });

  it('defaults timeoutMs and accepts the optional overrides', () => {
    const { timeoutMs: _, ...rest } = entry();
    const [p] = parseProviders(JSON.stringify([{ ...rest, maxTokens: 120, temperature: 0.2 }]), {});
    expect(p).toMatchObject({ timeoutMs: 4000, maxTokens: 120, temperature: 0.2, apiKey: 'none' });
  });

  it.each([
    ['not JSON', '[{', 'LLM_PROVIDERS'],
    ['not an array', '{}', 'LLM_PROVIDERS'],
    ['bad URL', JSON.stringify([entry({ baseURL: 'localhost:8080' })]), 'LLM_PROVIDERS[0].baseURL'],
    ['missing model', JSON.stringify([entry({ model: undefined })]), 'LLM_PROVIDERS[0].model'],
    ['negative price', JSON.stringify([entry(), entry({ name: 'b', outputUsdPerMTok: -1 })]), 'LLM_PROVIDERS[1].outputUsdPerMTok'],
    ['unknown field', JSON.stringify([entry({ timeoutMS: 10 })]), 'LLM_PROVIDERS[0]'],
    ['duplicate name', JSON.stringify([entry(), entry()]), 'LLM_PROVIDERS[1].name'],
  ])('%s → an error naming the field', (_, json, field) => {
    let err: unknown;
    try {
      parseProviders(json, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LlmConfigError);
    expect((err as LlmConfigError).field).toBe(field);
    expect((err as LlmConfigError).message).toContain(field);
  });
});

describe('cost', () => {
  it('tokens × USD per million tokens', () => {
    const p = priceFor(entry());
    expect(p).toEqual({ inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 });
    expect(costUsd(p, 1_000_000, 0)).toBeCloseTo(0.15, 12);
    expect(costUsd(p, 1000, 100)).toBeCloseTo(0.00015 + 0.00006, 12);
    expect(costUsd(p, -5, 0)).toBe(0);
  });
});
