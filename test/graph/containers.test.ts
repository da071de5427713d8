// 'Supported containers and module systems': the container's major is recognised at new Lifecycle(container) from
// what the container object offers, and anything else is a usage error naming what was found and what is supported.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { Lifecycle, ReadyGraphError } from 'readygraph';

function usageError(container: unknown, ...fragments: string[]): void {
  assert.throws(
    () => new Lifecycle(container as Container),
    (error) => {
      assert.ok(error instanceof ReadyGraphError);
      assert.equal(error.code, 'ERR_READYGRAPH_USAGE');
      for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${fragment}" in: ${error.message}`);
      return true;
    },
  );
}

describe('supported containers', () => {
  it('a container of the installed inversify is recognised at new Lifecycle(container)', () => {
    assert.doesNotThrow(() => new Lifecycle(new Container()));
  });

  it('an InversifyJS 7 container without the plugin API (before 7.5.2) is ERR_READYGRAPH_USAGE saying what to upgrade to', () => {
    // What a 7.0–7.5.1 container offers: the resolution and binding methods, its bindings in private fields.
    const olderSeven = { bind() {}, get() {}, getAsync() {}, getAll() {}, getAllAsync() {}, isBound() {} };
    usageError(olderSeven, 'InversifyJS 7 container without the plugin API', '7.5.2', 'InversifyJS 5.1, 6, 7 (7.5.2 and later) or 8');
  });

  it('something that is not a container is ERR_READYGRAPH_USAGE naming what was found and what is supported', () => {
    usageError({ bind() {} }, 'InversifyJS 5.1, 6, 7 (7.5.2 and later) or 8', '(Object)');
    usageError(undefined, 'got undefined');
    usageError('container', 'container');
  });
});
