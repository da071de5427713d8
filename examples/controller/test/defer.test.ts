import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { defer } from './support/defer.js';

test('defer runs a test\'s clean-ups last in first out, every one even when one fails, and rethrows that failure', async () => {
  const hooks: Array<() => Promise<void>> = [];
  const context = { after: (hook: () => Promise<void>) => hooks.push(hook) } as unknown as TestContext;
  const undone: string[] = [];
  defer(context, () => undone.push('remove the directory'));
  defer(context, () => {
    undone.push('stop the controller');
    throw new Error('stop failed');
  });
  defer(context, async () => {
    await Promise.resolve();
    undone.push('close the client');
  });
  assert.equal(hooks.length, 1, 'one after hook for the whole stack');
  await assert.rejects(hooks[0]?.() ?? Promise.resolve(), /stop failed/);
  assert.deepEqual(undone, ['close the client', 'stop the controller', 'remove the directory']);
});
