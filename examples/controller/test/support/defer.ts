import type { TestContext } from 'node:test';

type Undo = () => unknown;

const stacks = new WeakMap<TestContext, Undo[]>();

/**
 * Runs `undo` when the test ends, after whatever was deferred later: first in, last out, as clean-up must go (stop a
 * controller before removing the directory it writes to). node:test runs a test's `after` hooks in the order they
 * were added, so the hooks of one test go through one stack here. Every undo runs even if another fails; the first
 * failure is rethrown at the end.
 */
export function defer(t: TestContext, undo: Undo): void {
  let stack = stacks.get(t);
  if (stack === undefined) {
    const undos: Undo[] = [];
    stack = undos;
    stacks.set(t, undos);
    t.after(async () => {
      const failures: unknown[] = [];
      for (let next = undos.pop(); next !== undefined; next = undos.pop()) {
        try {
          await next();
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0) throw failures[0];
    });
  }
  stack.push(undo);
}
