/**
 * deploy/gpu/install-cuda-provider.sh against a stand-in tree (no download): the two provider
 * libraries land beside a 1.29.0 binding, a second run changes nothing, another version is refused,
 * --check and --dry-run change nothing. And the deploy kit's GPU step is that same script: install.sh
 * fetches through it (--fetch-only), and the post-install hook it installs runs a release's copy.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../packages/testing/src/index';

const SCRIPT = resolve(REPO_ROOT, 'deploy/gpu/install-cuda-provider.sh');
const HOOK = resolve(REPO_ROOT, 'deploy/gpu/post-install');
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

function run(args: string[], script = SCRIPT): Promise<{ code: number; out: string }> {
  return new Promise((r) => {
    execFile('bash', [script, ...args], { env: { ...process.env, XDG_CACHE_HOME: join(tmp, 'cache') } }, (err, stdout, stderr) => {
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

  it('--if-present: a tree without a 1.29.0 binding stays on CPU and that is not an error', async () => {
    const old = tree('old-ok', '1.22.0');
    const r = await run(['--if-present', '--from', from, old.root]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/nothing to do \(CPU\)/);
    for (const lib of LIBS) expect(existsSync(join(old.bin, lib))).toBe(false);
    mkdirSync(join(tmp, 'no-ort/node_modules'), { recursive: true });
    expect((await run(['--if-present', '--from', from, join(tmp, 'no-ort')])).code).toBe(0);
  });

  it('--fetch-only fills the cache (here from --from) without a tree, idempotently', async () => {
    const cache = join(tmp, 'shared-gpu');
    const r = await run(['--fetch-only', '--from', from, '--cache', cache]);
    expect(r.code, r.out).toBe(0);
    for (const lib of LIBS) expect(readFileSync(join(cache, lib), 'utf8')).toBe(`fake ${lib}`);
    // Cached: no --from, no download.
    const again = await run(['--fetch-only', '--cache', cache]);
    expect(again.code, again.out).toBe(0);
    expect(again.out).not.toMatch(/downloading/);
  });

  it('the post-install hook (as install.sh --gpu installs it) runs the release\'s own script with shared/gpu', async () => {
    // NPC_ROOT/shared/{gpu,hooks} as install.sh leaves them, and a release holding deploy/gpu/.
    const root = join(tmp, 'npc-root');
    mkdirSync(join(root, 'shared/gpu'), { recursive: true });
    mkdirSync(join(root, 'shared/hooks'), { recursive: true });
    for (const lib of LIBS) copyFileSync(join(from, lib), join(root, 'shared/gpu', lib));
    copyFileSync(HOOK, join(root, 'shared/hooks/post-install'));
    const release = tree('npc-root/releases/r1', '1.29.0');
    mkdirSync(join(release.root, 'deploy/gpu'), { recursive: true });
    copyFileSync(SCRIPT, join(release.root, 'deploy/gpu/install-cuda-provider.sh'));
    const r = await run([release.root], join(root, 'shared/hooks/post-install'));
    expect(r.code, r.out).toBe(0);
    for (const lib of LIBS) expect(readFileSync(join(release.bin, lib), 'utf8')).toBe(`fake ${lib}`);
    // A release with another onnxruntime-node, or without the script: CPU, and the deploy goes on.
    const other = tree('npc-root/releases/r2', '1.22.0');
    mkdirSync(join(other.root, 'deploy/gpu'), { recursive: true });
    copyFileSync(SCRIPT, join(other.root, 'deploy/gpu/install-cuda-provider.sh'));
    expect((await run([other.root], join(root, 'shared/hooks/post-install'))).code).toBe(0);
    const bare = tree('npc-root/releases/r3', '1.29.0');
    const r3 = await run([bare.root], join(root, 'shared/hooks/post-install'));
    expect(r3.code, r3.out).toBe(0);
    expect(r3.out).toMatch(/nothing to do/);
  });
});

describe('one implementation of the GPU step', () => {
  it('install.sh --gpu fetches through install-cuda-provider.sh and installs deploy/gpu/post-install; no copy of the logic', () => {
    const install = readFileSync(resolve(REPO_ROOT, 'deploy/install.sh'), 'utf8');
    const step = install.slice(install.indexOf('gpu_step() {'), install.indexOf('\n}\n', install.indexOf('gpu_step() {')));
    expect(step).toMatch(/gpu\/install-cuda-provider\.sh" --fetch-only --cache "\$dir"/);
    expect(step).toMatch(/install -m 0755 "\$HERE\/gpu\/post-install" "\$ROOT\/shared\/hooks\/post-install"/);
    // The package, the version check and the copying live in the script only.
    for (const duplicated of ['npm pack', 'onnxruntime_binding.node', '1.29.0', 'linux-x64-gpu']) expect(step, duplicated).not.toContain(duplicated);
  });
});
