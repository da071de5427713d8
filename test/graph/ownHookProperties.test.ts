// The pure check the runtime applies to every instance it resolves: hooks written as arrow-function fields are own
// properties, invisible to the graph, and must be reported rather than skipped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arrowHookError } from '#internal/graph/arrowHookError.js';
import { ownHookProperties } from '#internal/graph/ownHookProperties.js';

describe('ownHookProperties', () => {
  it('names the hooks an instance carries as own properties (arrow-function fields), in hook order', () => {
    class Arrows {
      public checkHealth = (): boolean => true;
      public onStop = async (): Promise<void> => {};
      public onReady = async (): Promise<void> => {};
    }
    assert.deepEqual(ownHookProperties(new Arrows()), ['onReady', 'onStop', 'checkHealth']);
  });

  it('finds nothing for hooks written as methods, inherited or not', () => {
    class Base {
      public onStop(): void {}
    }
    class Methods extends Base {
      public onReady(): void {}
    }
    assert.deepEqual(ownHookProperties(new Methods()), []);
  });

  it('arrowHookError is ERR_READYGRAPH_USAGE naming the service, the class and the hooks, and says to write methods', () => {
    const error = arrowHookError('web', 'XWeb', ['onReady', 'onStop']);
    assert.equal(error.code, 'ERR_READYGRAPH_USAGE');
    for (const fragment of ['"web"', 'XWeb', 'onReady, onStop', 'as methods', 'async onReady(ctx)']) {
      assert.ok(error.message.includes(fragment), `"${fragment}" in: ${error.message}`);
    }
  });
});
