// A CommonJS application on InversifyJS 6 with reflect-metadata 0.1 — what most existing InversifyJS applications are —
// uses the packed tarball: the README's 5.1 / 6 quickstart, compiled by TypeScript to CommonJS both ways a project
// gets there ("module": "commonjs", and "nodenext" in a package without "type": "module"), `require`s readygraph, an
// ES module, and runs to the end printing no warning. Checked with `skipLibCheck: false`, so readygraph's public
// typings must compile against InversifyJS 6's.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compile, compilers, helloLine, makeConsumer, output, packTarball, quickstartHelpers, readmeQuickstart, run } from './packedConsumer.js';

// The pinned aliases of package.json's devDependencies, linked under the names the application imports.
const linkedPackages = { inversify: 'inversify6', 'reflect-metadata': 'reflect-metadata01', commander: 'commander' };

// No top-level await in CommonJS: the last line is printed when the lifecycle has stopped.
const quickstartEpilogue = `
lifecycle.on('stopped', () => console.log(\`lifecycle \${lifecycle.status().state}\`));
${quickstartHelpers}`;

const compilerOptions = {
  target: 'ES2022',
  types: [],
  strict: true,
  skipLibCheck: false,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
};

/** The two ways a TypeScript project compiles to CommonJS, and the compilers that still offer each. */
const projects = [
  { name: '"module": "commonjs"', file: 'tsconfig.commonjs.json', options: { module: 'CommonJS', moduleResolution: 'node10' }, compilers: ['typescript5'] },
  { name: '"module": "nodenext" without "type": "module"', file: 'tsconfig.nodenext.json', options: { module: 'NodeNext', moduleResolution: 'NodeNext' }, compilers: ['typescript', 'typescript5'] },
] as const;

describe('the packed tarball in a CommonJS application on InversifyJS 6 and reflect-metadata 0.1', () => {
  let work = '';
  let consumer = '';

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'readygraph-commonjs-'));
    const { tarball } = packTarball(work);
    consumer = join(work, 'consumer');
    // No "type": the package's .js files are CommonJS.
    makeConsumer(consumer, tarball, linkedPackages, {});
    writeFileSync(join(consumer, 'quickstart.ts'), readmeQuickstart(1) + quickstartEpilogue);
    for (const project of projects) {
      writeFileSync(join(consumer, project.file), JSON.stringify({ compilerOptions: { ...compilerOptions, ...project.options }, files: ['quickstart.ts'] }));
    }
  });

  after(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  for (const project of projects) {
    for (const compiler of compilers.filter((each) => (project.compilers as readonly string[]).includes(each.packageName))) {
      it(`${compiler.name}, ${project.name}: the README's 5.1 / 6 quickstart compiles to CommonJS, requires readygraph and runs, printing no warning`, () => {
        const outDir = `out-${compiler.packageName}-${project.file}`;
        compile(consumer, compiler, outDir, project.file);
        assert.match(readFileSync(join(consumer, outDir, 'quickstart.js'), 'utf8'), /require\("readygraph"\)/, 'compiled to CommonJS');
        const ran = run(process.execPath, [join(outDir, 'quickstart.js')], consumer);
        assert.equal(ran.status, 0, `the compiled quickstart failed:\n${output(ran)}`);
        assert.deepEqual(ran.stdout.trim().split('\n'), [helloLine, 'lifecycle stopped']);
        assert.equal(ran.stderr, '', 'no warning (an ExperimentalWarning for require of an ES module would be here)');
      });
    }
  }
});
