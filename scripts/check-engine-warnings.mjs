// Reads the output of `npm ci` (the file named as the only argument) and judges its EBADENGINE warnings.
//
// Rule: a package that a user of readygraph installs with it — a dependency or peer dependency, and theirs in turn —
// must accept every Node.js line that package.json's "engines" claims, or "engines" is dishonest: such a warning fails.
// A warning from a development-only package (tools, examples, benchmarks) is printed and does not fail: the test run
// on that line that follows is what shows that the code we exercise works there.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [logFile] = process.argv.slice(2);
if (logFile === undefined) {
  console.error('check-engine-warnings: name the file that holds the output of `npm ci`');
  process.exit(2);
}

// npm prints `package: 'name@version',` inside each EBADENGINE block; a scoped name starts with '@'.
const warned = new Map();
let current;
for (const line of readFileSync(logFile, 'utf8').split('\n')) {
  const pkg = /EBADENGINE\s+package: '(.+)@([^@']+)'/.exec(line);
  if (pkg) current = { name: pkg[1], version: pkg[2], required: '?' };
  const required = /EBADENGINE\s+required: \{ node: '([^']+)' \}/.exec(line);
  if (required && current) {
    current.required = required[1];
    warned.set(`${current.name}@${current.version}`, current);
  }
}
if (warned.size === 0) {
  console.log(`engines: npm ci printed no engine warnings on node ${process.version}`);
  process.exit(0);
}

const readManifest = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

// Where Node would find `name` from a package in `fromDir`: the nearest node_modules/name up the tree.
function locate(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

// Every package a user installs with readygraph, with the chain that pulls it in (breadth-first: the shortest chain).
const root = readManifest('.');
const shipped = new Map();
const queue = [...Object.keys(root.dependencies ?? {}), ...Object.keys(root.peerDependencies ?? {})].map((name) => ({ name, fromDir: '.', chain: [name] }));
while (queue.length > 0) {
  const { name, fromDir, chain } = queue.shift();
  const dir = locate(name, fromDir);
  if (dir === undefined || shipped.has(dir)) continue;
  shipped.set(dir, chain);
  const manifest = readManifest(dir);
  const optional = new Set(Object.keys(manifest.optionalDependencies ?? {}));
  for (const dep of [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]) {
    if (!optional.has(dep)) queue.push({ name: dep, fromDir: dir, chain: [...chain, dep] });
  }
}
const shippedChain = (name) => [...shipped].find(([dir]) => dir.endsWith(join('node_modules', name)))?.[1];

let dishonest = 0;
for (const { name, version, required } of warned.values()) {
  const chain = shippedChain(name);
  if (chain) {
    dishonest += 1;
    console.error(
      `engines: ${name}@${version} needs node ${required} but is installed with readygraph (readygraph > ${chain.join(' > ')}), ` +
        `so "engines": ${JSON.stringify(root.engines?.node)} is not true on node ${process.version}; raise "engines" and the README's tested lines, or replace that dependency`,
    );
  } else {
    console.log(`engines: ${name}@${version} needs node ${required}; development-only (not installed with readygraph), so the test run on node ${process.version} decides`);
  }
}
process.exit(dishonest === 0 ? 0 : 1);
