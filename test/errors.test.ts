// The error contract: the exported codes are exactly the README's table (and the contract's), and every case of the
// table can be provoked and arrives as a ReadyGraphError with its code and its extra fields.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Container, injectable } from 'inversify';
import { dependsOn, errorCodes, isReadyGraphError, layer, Lifecycle, ReadyGraphError, type ReadyContext, type StopContext } from 'readygraph';
import { ManualClock } from './support/ManualClock.js';

/**
 * The codes in the first column of the error table that follows the heading `heading` (a `#`-heading whose text is
 * `heading`) in `markdown`; fails if there is no such table.
 */
function codesOfTable(markdown: string, heading: string, where: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^#+ ${heading}\\s*$`).test(line));
  assert.ok(start >= 0, `${where} has no "${heading}" heading`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('#'));
  const codes = lines
    .slice(start, end < 0 ? undefined : end)
    .map((line) => /^\| `(ERR_[A-Z_]+)` \|/.exec(line)?.[1])
    .filter((code): code is string => code !== undefined);
  assert.ok(codes.length > 0, `${where}: no error table under "${heading}"`);
  return codes;
}

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
// The README's table, "API in brief" > "Errors": the codes this test pins.
const documentedCodes = codesOfTable(readme, 'Errors', 'README.md');
// The contract the project is built to (API.md, kept beside the repository, not in it: checked where it is present).
const contract = new URL('../../../shared/API.md', import.meta.url);
// Codes the contract already lists and the library does not throw yet. The test below fails once such a code is
// exported, so that it is taken off this list.
const contractCodesToCome: string[] = [];

/** Checks that `error` is a ReadyGraphError of `code` and returns it typed. */
function expectCode(error: unknown, code: string): ReadyGraphError {
  assert.ok(error instanceof ReadyGraphError, `expected a ReadyGraphError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  assert.equal(error.name, 'ReadyGraphError');
  return error;
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  assert.fail('expected a throw');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

/** A hook that settles only when its signal aborts, rejecting with the abort reason. */
function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

describe('error codes', () => {
  it("the exported codes are exactly the README's error table, each once", () => {
    assert.deepEqual(Object.values(errorCodes).sort(), [...documentedCodes].sort());
    assert.equal(new Set(documentedCodes).size, documentedCodes.length, `a code listed twice in README.md: ${documentedCodes.join(', ')}`);
  });

  it("the exported codes are the contract's (API.md, where present), but for the ones still to come", (t) => {
    if (!existsSync(contract)) {
      t.skip('API.md is not beside this checkout');
      return;
    }
    const contractCodes = codesOfTable(readFileSync(contract, 'utf8'), 'Errors', 'API.md');
    const exported = Object.values(errorCodes) as string[];
    assert.deepEqual(exported.filter((code) => contractCodesToCome.includes(code)), [], 'exported now: take it off contractCodesToCome');
    assert.deepEqual([...exported, ...contractCodesToCome].sort(), [...contractCodes].sort());
  });

  it('isReadyGraphError tells ReadyGraphErrors and their codes apart', () => {
    const error = new ReadyGraphError('ERR_READYGRAPH_USAGE', 'misused');
    assert.ok(isReadyGraphError(error));
    assert.ok(isReadyGraphError(error, 'ERR_READYGRAPH_USAGE'));
    assert.ok(!isReadyGraphError(error, 'ERR_READYGRAPH_CYCLE'));
    assert.ok(!isReadyGraphError(new Error('plain')));
    assert.ok(!isReadyGraphError({ code: 'ERR_READYGRAPH_USAGE' }));
  });
});

describe('every documented error is a ReadyGraphError with its code and fields', () => {
  it('ERR_READYGRAPH_CYCLE carries cycle', () => {
    @injectable('Singleton')
    @dependsOn('b')
    class A {}
    @injectable('Singleton')
    @dependsOn('a')
    class B {}
    const container = new Container();
    container.bind('a').to(A);
    container.bind('b').to(B);
    const error = expectCode(
      caught(() => new Lifecycle(container).graph()),
      'ERR_READYGRAPH_CYCLE',
    );
    assert.deepEqual(error.cycle, ['a', 'b', 'a']);
    assert.match(error.message, /a -> b -> a/);
  });

  it('ERR_READYGRAPH_MISSING_DEPENDENCY carries service and dependency', () => {
    @injectable('Singleton')
    @dependsOn('nowhere')
    class Lost {}
    const container = new Container();
    container.bind(Lost).toSelf();
    const error = expectCode(
      caught(() => new Lifecycle(container).graph()),
      'ERR_READYGRAPH_MISSING_DEPENDENCY',
    );
    assert.equal(error.service, 'Lost');
    assert.equal(error.dependency, 'nowhere');
  });

  it('ERR_READYGRAPH_SCOPE carries service', () => {
    @injectable()
    class Fleeting {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Fleeting).toSelf();
    const error = expectCode(
      caught(() => new Lifecycle(container).graph()),
      'ERR_READYGRAPH_SCOPE',
    );
    assert.equal(error.service, 'Fleeting');
  });

  it('ERR_READYGRAPH_START_TIMEOUT carries service and timeoutMs, as a root cause of ERR_READYGRAPH_STARTUP', async () => {
    @injectable('Singleton')
    class Stuck {
      public onReady({ signal }: ReadyContext): Promise<void> {
        return untilAborted(signal);
      }
    }
    const container = new Container();
    container.bind(Stuck).toSelf();
    const clock = new ManualClock();
    const started = rejection(new Lifecycle(container, { startTimeoutMs: 5_000, clock }).start());
    await clock.advance(5_000);
    const startup = expectCode(await started, 'ERR_READYGRAPH_STARTUP');
    assert.equal(startup.failures?.length, 1);
    assert.equal(startup.failures?.[0]?.service, 'Stuck');
    const timeout = expectCode(startup.failures?.[0]?.error, 'ERR_READYGRAPH_START_TIMEOUT');
    assert.equal(timeout.service, 'Stuck');
    assert.equal(timeout.timeoutMs, 5_000);
    assert.equal(timeout.message, 'onReady of "Stuck" did not settle within 5000 ms (startTimeoutMs); resolve its promise or raise the timeout');
  });

  it('ERR_READYGRAPH_STARTUP carries failures (root causes), skipped, and the first root cause as cause', async () => {
    const boom = new Error('boom');
    @injectable('Singleton')
    class Broken {
      public onReady(): void {
        throw boom;
      }
    }
    @injectable('Singleton')
    @dependsOn(Broken)
    class Downstream {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Broken).toSelf();
    container.bind(Downstream).toSelf();
    const error = expectCode(await rejection(new Lifecycle(container).start()), 'ERR_READYGRAPH_STARTUP');
    assert.deepEqual(error.failures, [{ service: 'Broken', error: boom }]);
    assert.deepEqual(error.skipped, ['Downstream']);
    assert.equal(error.cause, boom);
  });

  it('ERR_READYGRAPH_STOP_TIMEOUT carries service and timeoutMs, inside ERR_READYGRAPH_STOP', async () => {
    @injectable('Singleton')
    class Sticky {
      public onStop({ signal }: StopContext): Promise<void> {
        return untilAborted(signal);
      }
    }
    const container = new Container();
    container.bind(Sticky).toSelf();
    const clock = new ManualClock();
    const lifecycle = new Lifecycle(container, { stopTimeoutMs: 5_000, clock });
    await lifecycle.start();
    const stopped = rejection(lifecycle.stop());
    await clock.advance(5_000);
    const stop = expectCode(await stopped, 'ERR_READYGRAPH_STOP');
    assert.equal(stop.failures?.length, 1);
    assert.equal(stop.failures?.[0]?.service, 'Sticky');
    const timeout = expectCode(stop.failures?.[0]?.error, 'ERR_READYGRAPH_STOP_TIMEOUT');
    assert.equal(timeout.service, 'Sticky');
    assert.equal(timeout.timeoutMs, 5_000);
    assert.equal(timeout.message, 'onStop of "Sticky" did not settle within 5000 ms (stopTimeoutMs); resolve its promise or raise the timeout');
  });

  it('ERR_READYGRAPH_STOP carries every failed onStop in failures', async () => {
    const first = new Error('first');
    const second = new Error('second');
    @injectable('Singleton')
    class One {
      public onStop(): void {
        throw first;
      }
    }
    @injectable('Singleton')
    class Two {
      public async onStop(): Promise<void> {
        throw second;
      }
    }
    const container = new Container();
    container.bind(One).toSelf();
    container.bind(Two).toSelf();
    const lifecycle = new Lifecycle(container);
    await lifecycle.start();
    const error = expectCode(await rejection(lifecycle.stop()), 'ERR_READYGRAPH_STOP');
    const failures = [...(error.failures ?? [])].sort((a, b) => a.service.localeCompare(b.service));
    assert.deepEqual(failures, [
      { service: 'One', error: first },
      { service: 'Two', error: second },
    ]);
  });

  it('ERR_READYGRAPH_USAGE for bad options', () => {
    expectCode(
      caught(() => new Lifecycle(new Container(), { concurrency: 0 })),
      'ERR_READYGRAPH_USAGE',
    );
  });

  it('ERR_READYGRAPH_USAGE for a decorator misuse', () => {
    expectCode(
      caught(() => layer('')),
      'ERR_READYGRAPH_USAGE',
    );
    expectCode(
      caught(() => dependsOn(undefined as never)(class Victim {})),
      'ERR_READYGRAPH_USAGE',
    );
  });

  it('ERR_READYGRAPH_USAGE for an unbound whenReady target', async () => {
    const lifecycle = new Lifecycle(new Container());
    expectCode(await rejection(lifecycle.whenReady('unbound')), 'ERR_READYGRAPH_USAGE');
  });

  it('ERR_READYGRAPH_USAGE for start() after stop()', async () => {
    const lifecycle = new Lifecycle(new Container(), { allowEmpty: true });
    await lifecycle.start();
    await lifecycle.stop();
    expectCode(await rejection(lifecycle.start()), 'ERR_READYGRAPH_USAGE');
  });
});
