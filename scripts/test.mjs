// Runs every compiled test file (build/**/*.test.js) with node's own test runner.
// Node 20's runner takes no globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function* testFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* testFiles(path);
    else if (entry.name.endsWith('.test.js')) yield path;
  }
}

const only = process.argv.slice(2);
const files = [...testFiles('build')].filter((file) => only.length === 0 || only.some((part) => file.includes(part))).sort();
if (files.length === 0) {
  console.error('test: no compiled test files under build/; run the build first');
  process.exit(1);
}
// A test that has not finished after 5 minutes fails rather than holding CI up (the longest takes about 30 s).
// Two files at a time: many of them mostly wait on child processes (controllers, the CLI, the compiler), and CI runs
// the whole suite once per Node.js line.
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-timeout=300000', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
