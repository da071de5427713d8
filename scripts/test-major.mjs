// Runs the library's behaviour tests against one release of InversifyJS (and of reflect-metadata) without touching
// the repository's install or lockfile: the built library and tests are copied into a throwaway directory
// (.ci/majors/<inversify>/), the two packages are installed there with `npm install --no-save`, every other package is
// the repository's own (linked), and the tests run with test/support/inversify/register.js, which adapts the tests'
// InversifyJS 8 API to 5.1 / 6 (the library itself reads each major as it is).
//
// Usage: node scripts/test-major.mjs <inversify version> [reflect-metadata version] [test path part...]
//   e.g. node scripts/test-major.mjs 6.0.1 0.1.13        (run `node scripts/build.mjs` first)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [version, reflectMetadata = '0.2.2', ...only] = process.argv.slice(2);
if (version === undefined || !/^\d+\.\d+\.\d+$/.test(version)) {
  console.error('test-major: give the exact inversify release to test against, e.g. node scripts/test-major.mjs 6.0.1 0.1.13');
  process.exit(2);
}
if (!existsSync('build/test') || !existsSync('dist')) {
  console.error('test-major: no build; run `node scripts/build.mjs` first');
  process.exit(2);
}

// The library's behaviour tests: not the packaging, CLI, signal, benchmark and example tests, which do not depend on
// the container's major and run once in `npm test`.
const areas = ['build/test/graph', 'build/test/bindings', 'build/test/lifecycle', 'build/test/supervision', 'build/test'];
// Left out as well: the two property tests of the runtime's ordering invariants over random graphs (more than half of
// the time; what they check sits above the container seam, which the behaviour tests cover on each major), and the
// conformance test of the plugin-API reader on 5.1 / 6, which imports @inversifyjs/core (5.1 and 6.0 have none).
const excluded = [
  'supervision/cli.test.js',
  'build/test/property.test.js',
  'supervision/property.test.js',
  ...(Number(version.split('.')[0]) < 7 ? ['graph/inversifyAdapter.test.js'] : []),
];

const root = resolve('.ci/majors', `${version}+reflect-metadata@${reflectMetadata}`);
const packages = join(root, '.packages');
const installed = join(packages, 'node_modules', 'inversify', 'package.json');
if (!existsSync(installed) || !existsSync(join(packages, 'node_modules', 'reflect-metadata'))) {
  rmSync(packages, { recursive: true, force: true });
  mkdirSync(packages, { recursive: true });
  writeFileSync(join(packages, 'package.json'), '{ "private": true }\n');
  const install = spawnSync(
    'npm',
    ['install', '--prefix', packages, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `inversify@${version}`, `reflect-metadata@${reflectMetadata}`],
    { stdio: 'inherit' },
  );
  if (install.status !== 0) process.exit(install.status ?? 1);
}

// A fresh copy of what runs: package.json (the package's self-reference and #internal imports), dist, build/test.
for (const entry of ['package.json', 'README.md', 'CHANGELOG.md', 'dist', 'build', 'node_modules']) rmSync(join(root, entry), { recursive: true, force: true });
for (const file of ['package.json', 'README.md', 'CHANGELOG.md']) cpSync(file, join(root, file));
cpSync('dist', join(root, 'dist'), { recursive: true });
cpSync('build/test', join(root, 'build/test'), { recursive: true });
mkdirSync(join(root, 'node_modules'));
const fromMajor = new Set(readdirSync(join(packages, 'node_modules')).filter((name) => !name.startsWith('.')));
for (const name of fromMajor) symlinkSync(join(packages, 'node_modules', name), join(root, 'node_modules', name));
for (const name of readdirSync('node_modules')) {
  if (name.startsWith('.') || fromMajor.has(name)) continue;
  symlinkSync(resolve('node_modules', name), join(root, 'node_modules', name));
}

function* testFiles(dir, deep) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (deep) yield* testFiles(path, deep);
    } else if (entry.name.endsWith('.test.js')) yield path;
  }
}
const files = areas
  .flatMap((area) => [...testFiles(join(root, area), area !== 'build/test')])
  .filter((file) => !excluded.some((part) => file.endsWith(part)))
  .filter((file) => only.length === 0 || only.some((part) => file.includes(part)))
  .sort();
console.log(`=== InversifyJS ${version}, reflect-metadata ${reflectMetadata}: ${files.length} test files in ${root}`);
const result = spawnSync(
  process.execPath,
  ['--import', join(root, 'build/test/support/inversify/register.js'), '--test', '--test-reporter=spec', '--test-timeout=300000', '--test-concurrency=2', ...files],
  { stdio: 'inherit', cwd: root },
);
process.exit(result.status ?? 1);
