// new Lifecycle(container, options) validates at once: a bad value is ERR_READYGRAPH_USAGE quoting it.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { Lifecycle, ReadyGraphError, type LifecycleOptions } from 'readygraph';

/** Asserts that the constructor throws ERR_READYGRAPH_USAGE whose message contains every part. */
function assertRejectedOptions(options: unknown, ...parts: string[]): void {
  assert.throws(
    () => new Lifecycle(new Container(), options as LifecycleOptions),
    (error: unknown) => {
      assert.ok(error instanceof ReadyGraphError, `expected a ReadyGraphError, got ${String(error)}`);
      assert.equal(error.code, 'ERR_READYGRAPH_USAGE');
      for (const part of parts) assert.ok(error.message.includes(part), `"${part}" in: ${error.message}`);
      return true;
    },
  );
}

describe('Lifecycle options', () => {
  it('no options and valid options are accepted', () => {
    assert.doesNotThrow(() => new Lifecycle(new Container()));
    assert.doesNotThrow(() => new Lifecycle(new Container(), {}));
    assert.doesNotThrow(
      () => new Lifecycle(new Container(), { startTimeoutMs: 5_000, stopTimeoutMs: 1, implicitDependencies: false, concurrency: 4 }),
    );
    assert.doesNotThrow(() => new Lifecycle(new Container(), { startTimeoutMs: Infinity, concurrency: Infinity }));
  });

  it('a negative startTimeoutMs is a usage error quoting it', () => {
    assertRejectedOptions({ startTimeoutMs: -5 }, 'startTimeoutMs', '-5');
  });

  it('a NaN startTimeoutMs is a usage error quoting it', () => {
    assertRejectedOptions({ startTimeoutMs: Number.NaN }, 'startTimeoutMs', 'NaN');
  });

  it('a string startTimeoutMs is a usage error quoting it and its type', () => {
    assertRejectedOptions({ startTimeoutMs: '5s' }, 'startTimeoutMs', '"5s"', 'string');
  });

  it('a negative stopTimeoutMs is a usage error quoting it', () => {
    assertRejectedOptions({ stopTimeoutMs: -1 }, 'stopTimeoutMs', '-1');
  });

  it('a NaN stopTimeoutMs is a usage error quoting it', () => {
    assertRejectedOptions({ stopTimeoutMs: Number.NaN }, 'stopTimeoutMs', 'NaN');
  });

  it('a string stopTimeoutMs is a usage error quoting it', () => {
    assertRejectedOptions({ stopTimeoutMs: '10s' }, 'stopTimeoutMs', '"10s"');
  });

  it('concurrency 0 is a usage error quoting it', () => {
    assertRejectedOptions({ concurrency: 0 }, 'concurrency', '0');
  });

  it('a fractional concurrency is a usage error quoting it', () => {
    assertRejectedOptions({ concurrency: 1.5 }, 'concurrency', '1.5');
  });

  it('a negative or NaN concurrency is a usage error', () => {
    assertRejectedOptions({ concurrency: -2 }, 'concurrency', '-2');
    assertRejectedOptions({ concurrency: Number.NaN }, 'concurrency', 'NaN');
  });

  it('a string concurrency is a usage error quoting it', () => {
    assertRejectedOptions({ concurrency: '4' }, 'concurrency', '"4"');
  });

  it('a non-boolean implicitDependencies is a usage error quoting it', () => {
    assertRejectedOptions({ implicitDependencies: 'no' }, 'implicitDependencies', '"no"');
  });

  it('an unknown option key is a usage error naming it', () => {
    assertRejectedOptions({ startTimeout: 5_000 }, '"startTimeout"');
  });

  it('options that are not an object are a usage error', () => {
    assertRejectedOptions(5_000, '5000');
    assertRejectedOptions(null, 'null');
  });

  it('a container that is not an inversify Container is a usage error quoting it', () => {
    for (const [candidate, quoted] of [
      [{}, '{}'],
      [null, 'null'],
      [undefined, 'undefined'],
      ['container', '"container"'],
    ] as const) {
      assert.throws(
        () => new Lifecycle(candidate as unknown as Container),
        (error: unknown) => {
          assert.ok(error instanceof ReadyGraphError);
          assert.equal(error.code, 'ERR_READYGRAPH_USAGE');
          assert.ok(error.message.includes('container'), error.message);
          assert.ok(error.message.includes(quoted), `${quoted} in: ${error.message}`);
          return true;
        },
      );
    }
  });
});
