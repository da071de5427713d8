import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

// The compiled tests live in build/examples/controller/test/; the repository's root is four levels up.
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = 'dist/cli/main.js';
const graphModule = 'build/examples/controller/src/app/graphModule.js';
const cyclicModule = 'build/examples/controller/test/fixtures/cyclicModule.js';

/** Runs readygraph's CLI as a process from the repository's root. */
async function readygraph(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr };
}

describe('readygraph CLI on the controller', () => {
  void test('graph --format mermaid prints the controller with its web and consensus layers, constructing nothing', async () => {
    const { code, stdout, stderr } = await readygraph('graph', graphModule, '--format', 'mermaid');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^flowchart/m);
    assert.match(stdout, /subgraph \w+\["layer web"\]\s+\w+\["XWeb"\]/);
    assert.match(stdout, /subgraph \w+\["layer consensus"\]/);
    for (const name of ['Config', 'Storage', 'Mesh', 'ClusterBootstrapper', 'RaftNode']) assert.match(stdout, new RegExp(`\\["${name}"\\]`));
    assert.match(stdout, /via ApiAddresses/, 'the injected path that holds the mesh back');
  });

  void test('check exits 0 on the controller', async () => {
    const { code, stdout, stderr } = await readygraph('check', graphModule);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^ok: 7 lifecycle service\(s\) in 2 layer\(s\)/);
  });

  void test('check exits 1 on a module that wires a cycle, showing the cycle', async () => {
    const { code, stdout, stderr } = await readygraph('check', cyclicModule);
    assert.equal(code, 1, stdout);
    assert.match(stderr, /ERR_READYGRAPH_CYCLE/);
    assert.match(stderr, /Database -> Cache -> Database/);
  });
});
