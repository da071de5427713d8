// What the consumer-project tests share: the packed tarball, unpacked into a project of its own whose dependencies are
// linked from this checkout's node_modules (no network), and the README's quickstart as that project's code.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// build/test/package/packedConsumer.js -> the checkout's root.
export const root = fileURLToPath(new URL('../../../', import.meta.url));

/** What the README's quickstart prints with the helpers below standing in for the ones it leaves to the reader. */
export const helloLine = 'hello {"peers":["ctrl2","ctrl3"],"apiAddresses":["https://127.0.0.1:1280/edge/management/v1"]}';

/** The helpers the README's quickstart leaves to the reader (hoisted function declarations, so they can follow it). */
export const quickstartHelpers = `
async function readPeers(signal: AbortSignal): Promise<string[]> {
  signal.throwIfAborted();
  return ['ctrl2', 'ctrl3'];
}

function sendHello(hello: { peers: string[]; apiAddresses: string[] }): void {
  console.log(\`hello \${JSON.stringify(hello)}\`);
}
`;

/** The compilers a consumer may use: the checkout's own (TypeScript 7) and the pinned 5.x one. */
export const compilers = [
  { name: 'TypeScript 7', packageName: 'typescript', major: 7 },
  { name: 'TypeScript 5', packageName: 'typescript5', major: 5 },
] as const;
export type Compiler = (typeof compilers)[number];

export function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8' });
}

export function output(result: SpawnSyncReturns<string>): string {
  return `exit ${String(result.status)}\n${result.stdout}${result.stderr}`;
}

/** The `index`-th `ts` code block of the README's Quickstart section (0: the InversifyJS 8 form, 1: the 5.1 / 6 form). */
export function readmeQuickstart(index: number): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quickstart'), readme.indexOf('\n## ', readme.indexOf('## Quickstart') + 1));
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
  const block = blocks[index];
  assert.ok(block !== undefined, `README.md: no ts block #${index + 1} in the Quickstart section`);
  return block;
}

/** Runs npm the way `npm test` was run (its own CLI script), or the `npm` on the PATH. */
function npm(args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const npmCli = process.env['npm_execpath'];
  return npmCli !== undefined && npmCli.endsWith('.js') ? run(process.execPath, [npmCli, ...args], cwd) : run('npm', args, cwd);
}

/** The tarball `npm pack` makes of the checkout, in `work`: its file name and the files it holds. */
export function packTarball(work: string): { readonly tarball: string; readonly files: readonly string[] } {
  // --ignore-scripts: pack the dist/ that the build made (prepack would rebuild it under the other tests' feet).
  const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], root);
  assert.equal(packed.status, 0, `npm pack failed: ${output(packed)}`);
  const [manifest] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  assert.ok(manifest !== undefined, `npm pack printed no manifest: ${packed.stdout}`);
  return { tarball: join(work, manifest.filename), files: manifest.files.map((file) => file.path) };
}

/**
 * A consumer project in `directory`: the tarball installed as node_modules/readygraph, each of `links` (name as the
 * consumer imports it → package directory in this checkout's node_modules) linked beside it, and its package.json.
 */
export function makeConsumer(directory: string, tarball: string, links: Readonly<Record<string, string>>, manifest: object): void {
  const installed = join(directory, 'node_modules', 'readygraph');
  mkdirSync(installed, { recursive: true });
  const unpacked = run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], directory);
  assert.equal(unpacked.status, 0, `tar failed: ${output(unpacked)}`);
  for (const [name, linked] of Object.entries(links)) symlinkSync(join(root, 'node_modules', linked), join(directory, 'node_modules', name), 'dir');
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: 'consumer', private: true, ...manifest }));
}

/** Compiles the consumer's tsconfig.json with `compiler` into `outDir`; returns the compiler's version. */
export function compile(consumer: string, compiler: Compiler, outDir: string, project = 'tsconfig.json'): string {
  const compilerRoot = join(root, 'node_modules', compiler.packageName);
  const version = (JSON.parse(readFileSync(join(compilerRoot, 'package.json'), 'utf8')) as { version: string }).version;
  assert.equal(Number(version.split('.')[0]), compiler.major, `${compiler.packageName} is ${version}`);
  const compiled = run(process.execPath, [join(compilerRoot, 'bin', 'tsc'), '-p', project, '--outDir', outDir], consumer);
  assert.equal(compiled.status, 0, `tsc ${version} failed in the consumer:\n${output(compiled)}`);
  return version;
}
