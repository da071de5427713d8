import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pino } from 'pino';
import { ReadyGraphError } from 'readygraph';
import { createContainer } from '../src/app/createContainer.js';
import { RuntimeHealth } from '../src/app/RuntimeHealth.js';
import { verifyRaftLog } from '../src/maintenance/verifyRaftLog.js';
import { XWeb } from '../src/web/XWeb.js';
import { tempDir } from './support/tempDir.js';
import { testKeys, testSecret } from './support/writeNodeConfig.js';

function container(dataDir: string): ReturnType<typeof createContainer> {
  // Port 1 would fail to bind: the web layer must never be started by the maintenance command.
  const config = { id: 'ctrl-1', dataDir, web: { bind: { host: '127.0.0.1', port: 1 } }, cluster: { secret: testSecret, privateKey: testKeys('ctrl-1').privateKey } };
  return createContainer({ config: { value: config }, logger: pino({ level: 'silent' }), health: new RuntimeHealth() });
}

void test('the maintenance command starts only the configuration, the storage and the check: no web layer, no mesh, no Raft node', async (t) => {
  const dataDir = join(await tempDir(t), 'ctrl-1');
  const raft = join(dataDir, 'raft');
  mkdirSync(raft, { recursive: true });
  writeFileSync(join(raft, 'hard-state.json'), JSON.stringify({ currentTerm: 3, votedFor: null }));
  writeFileSync(join(raft, 'log.jsonl'), `${JSON.stringify({ term: 1, kind: 'noop' })}\n${JSON.stringify({ term: 3, kind: 'noop' })}\n`);
  const made = container(dataDir);
  let webConstructed = false;
  made.onActivation(XWeb, (_context, instance) => {
    webConstructed = true;
    return instance;
  });
  const { findings, started } = await verifyRaftLog(made);
  assert.deepEqual(started, ['Config', 'Storage', 'RaftLogCheck']);
  assert.equal(webConstructed, false, 'nothing outside the closure is constructed');
  assert.deepEqual({ entries: findings.entries, currentTerm: findings.currentTerm, lastTerm: findings.lastTerm, present: findings.present }, { entries: 2, currentTerm: 3, lastTerm: 3, present: true });
});

void test('a log whose terms go down fails the check with ERR_READYGRAPH_STARTUP naming the entry', async (t) => {
  const dataDir = join(await tempDir(t), 'ctrl-1');
  const raft = join(dataDir, 'raft');
  mkdirSync(raft, { recursive: true });
  writeFileSync(join(raft, 'hard-state.json'), JSON.stringify({ currentTerm: 3, votedFor: null }));
  writeFileSync(join(raft, 'log.jsonl'), `${JSON.stringify({ term: 2, kind: 'noop' })}\n${JSON.stringify({ term: 1, kind: 'noop' })}\n`);
  await assert.rejects(verifyRaftLog(container(dataDir)), (error: unknown) => {
    assert.ok(error instanceof ReadyGraphError && error.code === 'ERR_READYGRAPH_STARTUP');
    assert.match(String((error.cause as Error).message), /entry 2 has term 1, after an entry of term 2/);
    return true;
  });
});
