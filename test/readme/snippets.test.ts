// Every ts/js code block of README.md is compiled by the project's own tsc against the built package (`readygraph`
// resolves to dist/ by the package's self-reference, as for the tests) and run in a child process of its own: a block
// that does not compile, throws, rejects unhandled, exits non-zero or hangs fails its test, named after the block.
// A fragment is completed by the stand-in files its directive names (test/readme/standins/; see test/readme/README.md).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readmeSnippets, standInPath, withImports, type Snippet, type SnippetLanguage } from './readmeSnippets.js';

// build/test/readme/snippets.test.js -> the checkout's root.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

/** Long enough for a loaded 2-core machine; a snippet's time goes through stand-in clocks, so none waits for real. */
const runTimeoutMs = 15_000;
/** Snippets run at once: most of a run is Node.js starting and loading modules, which overlaps well on two cores. */
const runConcurrency = 3;

const sourceExtension: Record<SnippetLanguage, string> = { ts: '.ts', mts: '.mts', cts: '.cts', js: '.js', mjs: '.mjs', cjs: '.cjs' };
const emittedExtension: Record<SnippetLanguage, string> = { ts: '.js', mts: '.mjs', cts: '.cjs', js: '.js', mjs: '.mjs', cjs: '.cjs' };

/** One part of a generated file: a stand-in or the README block, and the generated line it begins on (1-based). */
interface Segment {
  readonly source: string;
  readonly firstLine: number;
  /** The line of `source` that the segment's first line is. */
  readonly sourceLine: number;
}

interface Generated {
  readonly snippet: Snippet;
  readonly sourceFile: string;
  readonly segments: readonly Segment[];
}

/** The snippet with its stand-ins around it, and where each part came from. */
function generate(snippet: Snippet): { text: string; segments: Segment[] } {
  const segments: Segment[] = [];
  let text = '';
  let line = 1;
  const add = (source: string, sourceLine: number, code: string): void => {
    const body = code.endsWith('\n') ? code : `${code}\n`;
    segments.push({ source, firstLine: line, sourceLine });
    text += body;
    line += body.split('\n').length - 1;
  };
  for (const name of snippet.preludes) {
    const path = standInPath(root, name, snippet.language);
    add(relative(root, path), 1, readFileSync(path, 'utf8'));
  }
  add('README.md', snippet.line, withImports(snippet.code, snippet.imports));
  for (const name of snippet.epilogues) {
    const path = standInPath(root, name, snippet.language);
    add(relative(root, path), 1, readFileSync(path, 'utf8'));
  }
  return { text, segments };
}

/** `README.md:57` or `test/readme/standins/x.ts:3` for a line of a generated file. */
function origin(generated: Generated, line: number): string {
  const segment = generated.segments.findLast((candidate) => candidate.firstLine <= line);
  return segment === undefined ? `line ${String(line)}` : `${segment.source}:${String(segment.sourceLine + line - segment.firstLine)}`;
}

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs a compiled snippet in a child process of its own, from its own directory; kills it after `runTimeoutMs`. */
function runScript(script: string): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['NODE_TEST_CONTEXT'];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { cwd: dirname(script), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const guard = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, runTimeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** `task`s run at most `limit` at a time, in the order they were given. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

/** A stack frame in stderr: an error reached the top and was printed, even if something made the exit code 0. */
const stackFrame = /^\s+at .+:\d+:\d+\)?$/m;

const snippets = readmeSnippets(root);
const directiveHint = '<!-- snippet: prelude=<name> epilogue=<name> -->, files test/readme/standins/<name>.ts; see test/readme/README.md';

describe('every ts/js code block of README.md compiles with tsc (strict, decorator metadata) and runs in a child process', () => {
  let work = '';
  let outDir = '';
  const generated = new Map<Snippet, Generated>();
  /** tsc's messages per generated file, each prefixed with the README (or stand-in) line it is about. */
  const diagnostics = new Map<string, string[]>();
  let compilerOutput = '';
  /** The runs, started once everything is compiled, a few at a time. */
  const runs = new Map<Snippet, Promise<Outcome>>();

  before(() => {
    // Inside the checkout (build/), so that `readygraph`, inversify and the stand-ins' relative imports of
    // test/support resolve as they do for the tests.
    work = mkdtempSync(join(root, 'build', 'readme-snippets-'));
    outDir = join(work, 'out');
    // A block whose directive is wrong is not compiled: its test reports the directive.
    for (const snippet of snippets.filter((candidate) => candidate.problem === undefined)) {
      const { text, segments } = generate(snippet);
      const sourceFile = `${snippet.fileName}${sourceExtension[snippet.language]}`;
      writeFileSync(join(work, sourceFile), text);
      generated.set(snippet, { snippet, sourceFile, segments });
    }
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'ESNext.Disposable'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          moduleDetection: 'force',
          types: ['node'],
          strict: true,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          skipLibCheck: true,
          allowJs: true,
          rootDir: relative(work, root),
          outDir: 'out',
          pretty: false,
        },
        files: [...generated.values()].map((entry) => entry.sourceFile),
      }),
    );
    // One compilation for every snippet; it emits despite errors, so each snippet's test reports its own.
    const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: work, encoding: 'utf8' });
    compilerOutput = `${compiled.stdout}${compiled.stderr}`;
    for (const entry of generated.values()) diagnostics.set(entry.sourceFile, []);
    let current: string[] | undefined;
    for (const line of compilerOutput.split('\n')) {
      const located = /^(.+?)\((\d+),(\d+)\): (.*)$/.exec(line);
      const entry = located === null ? undefined : [...generated.values()].find((candidate) => candidate.sourceFile === located[1]);
      if (located !== null && entry !== undefined) {
        current = diagnostics.get(entry.sourceFile);
        current?.push(`${origin(entry, Number(located[2]))}: ${located[4] ?? ''}`);
      } else if (located === null && current !== undefined && line.startsWith(' ')) {
        current.push(line);
      } else if (line.trim() !== '') {
        current = undefined;
      }
    }
    assert.ok(compiled.status === 0 || [...diagnostics.values()].some((messages) => messages.length > 0), `tsc failed without naming a snippet:\n${compilerOutput}`);

    const slot = limiter(runConcurrency);
    for (const entry of generated.values()) {
      if (entry.snippet.compileOnly !== undefined || (diagnostics.get(entry.sourceFile) ?? []).length > 0) continue;
      const script = join(outDir, relative(root, work), `${entry.snippet.fileName}${emittedExtension[entry.snippet.language]}`);
      runs.set(entry.snippet, slot(() => runScript(script)));
    }
  });

  after(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('finds the README blocks, the Quickstart and the supervision example among them', () => {
    const headings = snippets.map((snippet) => snippet.id);
    assert.ok(headings.includes('Quickstart #1'), `snippets found: ${headings.join(', ')}`);
    assert.ok(headings.includes('After start: supervision #1'), `snippets found: ${headings.join(', ')}`);
  });

  for (const snippet of snippets) {
    const how = snippet.compileOnly === undefined ? 'compiles and runs' : `compiles (not run: ${snippet.compileOnly})`;
    it(`README.md "${snippet.id}" (line ${String(snippet.line)}) ${how}`, async () => {
      if (snippet.problem !== undefined) assert.fail(`README.md line ${String(snippet.directiveLine)}: ${snippet.problem}`);
      const entry = generated.get(snippet);
      assert.ok(entry !== undefined, `README.md "${snippet.id}" was not generated`);
      const messages = diagnostics.get(entry.sourceFile) ?? [];
      const hint = snippet.preludes.length + snippet.epilogues.length === 0 ? `\n(a fragment names its stand-ins on the line before its fence: ${directiveHint})` : '';
      assert.equal(messages.length, 0, `README.md "${snippet.id}" does not compile:\n${messages.join('\n')}${hint}`);
      if (snippet.compileOnly !== undefined) return;

      const run = runs.get(snippet);
      assert.ok(run !== undefined, `README.md "${snippet.id}" was not run`);
      const ran = await run;
      const shown = `\n--- stdout\n${ran.stdout}\n--- stderr\n${ran.stderr}`;
      assert.equal(ran.timedOut, false, `README.md "${snippet.id}" did not exit within ${String(runTimeoutMs)} ms (a timer or handle keeps it alive?)${shown}`);
      assert.equal(ran.code, 0, `README.md "${snippet.id}" exited with ${String(ran.code ?? ran.signal)}${shown}`);
      assert.doesNotMatch(ran.stderr, stackFrame, `README.md "${snippet.id}" printed an error with its stack${shown}`);
    });
  }
});
