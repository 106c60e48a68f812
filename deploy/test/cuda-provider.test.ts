/**
 * deploy/gpu/install-cuda-provider.sh against a stand-in tree (no download): the two provider
 * libraries land beside a 1.29.0 binding, a second run changes nothing, another version is refused,
 * --check and --dry-run change nothing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../packages/testing/src/index';

const SCRIPT = resolve(REPO_ROOT, 'deploy/gpu/install-cuda-provider.sh');
const LIBS = ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'];
const tmp = mkdtempSync(join(tmpdir(), 'npc-cuda-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tree(name: string, version: string): { root: string; bin: string } {
  const root = join(tmp, name);
  const pkg = join(root, 'node_modules/.pnpm', `onnxruntime-node@${version}`, 'node_modules/onnxruntime-node');
  const bin = join(pkg, 'bin/napi-v6/linux/x64');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'onnxruntime-node', version }));
  writeFileSync(join(bin, 'onnxruntime_binding.node'), 'binding');
  return { root, bin };
}

const from = join(tmp, 'from');
mkdirSync(from);
for (const lib of LIBS) writeFileSync(join(from, lib), `fake ${lib}`);

function run(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((r) => {
    execFile('bash', [SCRIPT, ...args], { env: { ...process.env, XDG_CACHE_HOME: join(tmp, 'cache') } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      r({ code, out: `${stdout}${stderr}` });
    });
  });
}

describe.runIf(process.platform === 'linux' && process.arch === 'x64')('install-cuda-provider.sh', () => {
  it('copies exactly the two libraries beside a 1.29.0 binding, idempotently', async () => {
    const t = tree('good', '1.29.0');
    const check = await run(['--check', t.root]);
    expect(check.code).toBe(3);
    expect(check.out).toContain('not installed');
    const dry = await run(['--dry-run', '--from', from, t.root]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('would copy');
    for (const lib of LIBS) expect(existsSync(join(t.bin, lib))).toBe(false);

    const first = await run(['--from', from, t.root]);
    expect(first.code, first.out).toBe(0);
    for (const lib of LIBS) expect(readFileSync(join(t.bin, lib), 'utf8')).toBe(`fake ${lib}`);
    const second = await run(['--from', from, t.root]);
    expect(second.code).toBe(0);
    expect(second.out).toContain('nothing to do');
    expect((await run(['--check', t.root])).code).toBe(0);
  });

  it('refuses another onnxruntime-node version and a tree without a binding', async () => {
    const t = tree('old', '1.22.0');
    const r = await run(['--from', from, t.root]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('left on CPU');
    expect(r.out).toContain('no onnxruntime-node 1.29.0 binding');
    for (const lib of LIBS) expect(existsSync(join(t.bin, lib))).toBe(false);
    mkdirSync(join(tmp, 'empty/node_modules'), { recursive: true });
    expect((await run(['--check', join(tmp, 'empty')])).code).toBe(1);
  });
});
