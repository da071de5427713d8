import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { defer } from './defer.js';

/** A fresh temporary directory, removed when the test ends, after what was started in it later has stopped. */
export async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'readygraph-controller-test-'));
  defer(t, async () => rm(dir, { recursive: true, force: true }));
  return dir;
}
