// What a user installs: the packed tarball, in a consumer project of its own, compiled by the TypeScript versions a
// user may have. The consumer sets `"types": []` and `skipLibCheck: false`, so every shipped `.d.ts` is checked and
// none may lean on `@types/node` or on a type that `stripInternal` removed. Nothing here uses the network: the
// tarball is unpacked and its dependencies are linked from this checkout's node_modules.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compile, compilers, helloLine, makeConsumer, packTarball, quickstartHelpers, readmeQuickstart, run, output } from './packedConsumer.js';

/** The dependencies and peer dependencies a consumer installs next to readygraph. */
const linkedPackages = { inversify: 'inversify', 'reflect-metadata': 'reflect-metadata', commander: 'commander' };

// The last line reports how the lifecycle ended.
const quickstartEpilogue = `
console.log(\`lifecycle \${lifecycle.status().state}\`);
${quickstartHelpers}`;

describe('the packed tarball, installed in a consumer with "types": [] and skipLibCheck: false', () => {
  let work = '';
  let consumer = '';
  let declarationFiles: string[] = [];

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'readygraph-tarball-'));
    const { tarball, files } = packTarball(work);
    consumer = join(work, 'consumer');
    makeConsumer(consumer, tarball, linkedPackages, { type: 'module' });
    declarationFiles = files.filter((path) => path.endsWith('.d.ts'));
    writeFileSync(join(consumer, 'quickstart.ts'), readmeQuickstart(0) + quickstartEpilogue);
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
    // What a bundler-based project (Vite, webpack, esbuild) resolves: the same typings through "exports".
    writeFileSync(
      join(consumer, 'tsconfig.bundler.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', types: [], strict: true, skipLibCheck: false, experimentalDecorators: true, emitDecoratorMetadata: true, noEmit: true },
        files: ['quickstart.ts'],
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
      const outDir = `out-${compiler.packageName}`;
      compile(consumer, compiler, outDir);

      const ran = run(process.execPath, [join(outDir, 'quickstart.js')], consumer);
      assert.equal(ran.status, 0, `the compiled quickstart failed:\n${output(ran)}`);
      assert.deepEqual(ran.stdout.trim().split('\n'), [helloLine, 'lifecycle stopped']);
      assert.equal(ran.stderr, '', 'the quickstart prints no warning');
    });

    it(`${compiler.name}: the typings resolve under "moduleResolution": "bundler"`, () => {
      compile(consumer, compiler, `out-bundler-${compiler.packageName}`, 'tsconfig.bundler.json');
    });
  }
});
