// Builds the library (src -> dist) and then each area that uses it (test, examples, bench -> build/<area>).
// The areas import the library by its package name, so they compile and run against what users get.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
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
