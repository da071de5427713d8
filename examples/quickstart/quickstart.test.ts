import assert from 'node:assert/strict';
import { it } from 'node:test';
import { main } from './quickstart.js';

it('the README quickstart runs: the consensus layer sees the web layer ready, then everything stops', async () => {
  const log = console.log;
  const lines: string[] = [];
  console.log = (...parts: unknown[]) => void lines.push(parts.map(String).join(' '));
  try {
    await main();
  } finally {
    console.log = log;
  }
  const hello = lines.find((line) => line.startsWith('hello sent to peers:'));
  assert.equal(hello, 'hello sent to peers: {"peers":["ctrl2","ctrl3"],"apiAddresses":["https://127.0.0.1:1280/edge/management/v1"]}');
  assert.ok(lines.indexOf('stopped RaftNode') < lines.indexOf('stopped XWeb'), 'reverse order');
});
