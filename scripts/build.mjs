// Builds the library (src -> dist) and then each area that uses it (test, examples, bench -> build/<area>).
// The areas import the library by its package name, so they compile and run against what users get.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The compiler's own launcher, found through its package.json (TypeScript 7 exports no ./bin path).
const typescriptPackage = createRequire(import.meta.url).resolve('typescript/package.json');
const tsc = join(dirname(typescriptPackage), 'bin', 'tsc');
rmSync('dist', { recursive: true, force: true });
rmSync('build', { recursive: true, force: true });

const projects = ['tsconfig.json', ...['test', 'examples', 'bench'].map((area) => `${area}/tsconfig.json`).filter(existsSync)];
for (const project of projects) {
  const result = spawnSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: tsc -p ${project} failed`);
    process.exit(result.status ?? 1);
  }
}
