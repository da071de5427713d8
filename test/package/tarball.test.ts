// What a user installs: the packed tarball, in a consumer project of its own, compiled by the TypeScript versions a
// user may have. The consumer sets `"types": []` and `skipLibCheck: false`, so every shipped `.d.ts` is checked and
// none may lean on `@types/node` or on a type that `stripInternal` removed. Nothing here uses the network: the
// tarball is unpacked and its dependencies are linked from this checkout's node_modules.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readmeSnippets, standInPath } from '../readme/readmeSnippets.js';

// build/test/package/tarball.test.js -> the checkout's root.
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The compilers a consumer may use: the checkout's own (TypeScript 7) and the pinned 5.x one. */
const compilers = [
  { name: 'TypeScript 7', packageName: 'typescript', major: 7 },
  { name: 'TypeScript 5', packageName: 'typescript5', major: 5 },
] as const;

/** The dependencies and peer dependencies a consumer installs next to readygraph. */
const linkedPackages = ['inversify', 'reflect-metadata', 'commander'];

const helloLine = 'hello {"peers":["ctrl2","ctrl3"],"apiAddresses":["https://127.0.0.1:1280/edge/management/v1"]}';

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8' });
}

function output(result: SpawnSyncReturns<string>): string {
  return `exit ${String(result.status)}\n${result.stdout}${result.stderr}`;
}

/**
 * The first code block of the README's Quickstart section, with the stand-ins its directive names (test/readme/):
 * they define the two helpers the Quickstart leaves to the reader and report how the lifecycle ended.
 */
function readmeQuickstart(): string {
  const quickstart = readmeSnippets(root).find((snippet) => snippet.id === 'Quickstart #1');
  assert.ok(quickstart !== undefined, 'README.md: no ts block in the Quickstart section');
  const standIns = (names: readonly string[]) => names.map((name) => readFileSync(standInPath(root, name, quickstart.language), 'utf8'));
  return [...standIns(quickstart.preludes), quickstart.code, ...standIns(quickstart.epilogues)].join('\n');
}

/** Runs npm the way `npm test` was run (its own CLI script), or the `npm` on the PATH. */
function npm(args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const npmCli = process.env['npm_execpath'];
  return npmCli !== undefined && npmCli.endsWith('.js') ? run(process.execPath, [npmCli, ...args], cwd) : run('npm', args, cwd);
}

describe('the packed tarball, installed in a consumer with "types": [] and skipLibCheck: false', () => {
  let work = '';
  let consumer = '';
  let declarationFiles: string[] = [];

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'readygraph-tarball-'));
    // --ignore-scripts: pack the dist/ that the build made (prepack would rebuild it under the other tests' feet).
    const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], root);
    assert.equal(packed.status, 0, `npm pack failed: ${output(packed)}`);
    const [manifest] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    assert.ok(manifest !== undefined, `npm pack printed no manifest: ${packed.stdout}`);

    consumer = join(work, 'consumer');
    const installed = join(consumer, 'node_modules', 'readygraph');
    mkdirSync(installed, { recursive: true });
    const unpacked = run('tar', ['-xzf', join(work, manifest.filename), '-C', installed, '--strip-components=1'], work);
    assert.equal(unpacked.status, 0, `tar failed: ${output(unpacked)}`);
    for (const name of linkedPackages) symlinkSync(join(root, 'node_modules', name), join(consumer, 'node_modules', name), 'dir');

    declarationFiles = manifest.files.map((file) => file.path).filter((path) => path.endsWith('.d.ts'));
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(join(consumer, 'quickstart.ts'), readmeQuickstart());
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: [],
          strict: true,
          skipLibCheck: false,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
        },
        // Every shipped declaration file, not only those the public entry point reaches.
        files: ['quickstart.ts', ...declarationFiles.map((path) => `node_modules/readygraph/${path}`)],
      }),
    );
  });

  after(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('ships the declarations of its public entry point', () => {
    assert.ok(declarationFiles.includes('dist/index.d.ts'), `shipped .d.ts files: ${declarationFiles.join(', ')}`);
  });

  for (const compiler of compilers) {
    it(`${compiler.name}: every shipped .d.ts compiles, and the README quickstart compiles and runs as an ES module`, () => {
      const compilerRoot = join(root, 'node_modules', compiler.packageName);
      const version = (JSON.parse(readFileSync(join(compilerRoot, 'package.json'), 'utf8')) as { version: string }).version;
      assert.equal(Number(version.split('.')[0]), compiler.major, `${compiler.packageName} is ${version}`);

      const outDir = `out-${compiler.packageName}`;
      const compiled = run(process.execPath, [join(compilerRoot, 'bin', 'tsc'), '-p', 'tsconfig.json', '--outDir', outDir], consumer);
      assert.equal(compiled.status, 0, `tsc ${version} failed in the consumer:\n${output(compiled)}`);

      const ran = run(process.execPath, [join(outDir, 'quickstart.js')], consumer);
      assert.equal(ran.status, 0, `the compiled quickstart failed:\n${output(ran)}`);
      assert.deepEqual(ran.stdout.trim().split('\n'), [helloLine, 'lifecycle stopped']);
    });
  }
});
