import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container, injectable } from 'inversify';
import { Lifecycle, ReadyGraphError, supervise } from 'readygraph';

/** A bad policy, what it breaks and the text its message must quote. */
const badPolicies: ReadonlyArray<{ rule: string; policy: unknown; quoted: readonly string[] }> = [
  { rule: 'an unknown field (a typo must not pass silently)', policy: { restrat: 'on-failure' }, quoted: ['unknown field "restrat"', 'restart, backoff'] },
  { rule: 'an unknown field in backoff', policy: { backoff: { intialMs: 10 } }, quoted: ['unknown field "backoff.intialMs"', 'initialMs'] },
  { rule: 'an unknown field in health', policy: { health: { interval: 10 } }, quoted: ['unknown field "health.interval"', 'intervalMs'] },
  { rule: 'restart outside its two values', policy: { restart: 'always' }, quoted: ['restart', '"always" (string)'] },
  { rule: 'a negative number', policy: { maxRestarts: -1 }, quoted: ['maxRestarts', '-1 (number)'] },
  { rule: 'a non-numeric number', policy: { withinMs: '60s' }, quoted: ['withinMs', '"60s" (string)'] },
  { rule: 'a non-numeric number (NaN)', policy: { backoff: { initialMs: Number.NaN } }, quoted: ['backoff.initialMs', 'NaN (number)'] },
  { rule: 'a negative number in backoff', policy: { backoff: { initialMs: -5 } }, quoted: ['backoff.initialMs', '-5 (number)'] },
  { rule: 'maxMs < initialMs', policy: { backoff: { initialMs: 500, maxMs: 100 } }, quoted: ['backoff.maxMs (100)', 'backoff.initialMs (500)'] },
  { rule: 'maxMs < initialMs (initialMs left at its default 100)', policy: { backoff: { maxMs: 50 } }, quoted: ['backoff.maxMs (50)', 'backoff.initialMs (100)'] },
  { rule: 'factor < 1', policy: { backoff: { factor: 0.5 } }, quoted: ['backoff.factor', '0.5 (number)'] },
  { rule: 'jitter outside [0, 1] (above)', policy: { backoff: { jitter: 1.5 } }, quoted: ['backoff.jitter', '1.5 (number)'] },
  { rule: 'jitter outside [0, 1] (below)', policy: { backoff: { jitter: -0.1 } }, quoted: ['backoff.jitter', '-0.1 (number)'] },
  { rule: 'non-integer maxRestarts', policy: { maxRestarts: 2.5 }, quoted: ['maxRestarts', '2.5 (number)'] },
  { rule: 'withinMs not above 0', policy: { withinMs: 0 }, quoted: ['withinMs', '0 (number)'] },
  { rule: 'intervalMs not above 0', policy: { health: { intervalMs: 0 } }, quoted: ['health.intervalMs', '0 (number)'] },
  { rule: 'timeoutMs not above 0', policy: { health: { timeoutMs: -1 } }, quoted: ['health.timeoutMs', '-1 (number)'] },
  { rule: 'unreadyAfter below 1', policy: { health: { unreadyAfter: 0 } }, quoted: ['health.unreadyAfter', '0 (number)'] },
  { rule: 'failAfter below 1', policy: { health: { failAfter: 0.5 } }, quoted: ['health.failAfter', '0.5 (number)'] },
  { rule: 'a boolean field that is not a boolean', policy: { escalate: 'yes' }, quoted: ['escalate', '"yes" (string)'] },
  { rule: 'a policy that is not an object', policy: null, quoted: ['policy must be an object', 'null'] },
  { rule: 'backoff that is not an object', policy: { backoff: 100 }, quoted: ['backoff must be an object', '100 (number)'] },
];

function usageThrown(run: () => unknown): ReadyGraphError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ReadyGraphError, `a ReadyGraphError, got ${String(error)}`);
    assert.equal(error.code, 'ERR_READYGRAPH_USAGE');
    return error;
  }
  return assert.fail('expected ERR_READYGRAPH_USAGE');
}

describe('@supervise and the supervise option', () => {
  for (const { rule, policy, quoted } of badPolicies) {
    it(`"The decorator itself throws ERR_READYGRAPH_USAGE for a bad policy, quoting it": ${rule}`, () => {
      class Db {}
      const error = usageThrown(() => supervise(policy as never)(Db));
      assert.match(error.message, /^@supervise on "Db": /, 'names the class');
      for (const text of quoted) assert.ok(error.message.includes(text), `"${error.message}" quotes ${text}`);
    });
  }

  it('"The Lifecycle option supervise is checked the same way by the constructor"', () => {
    for (const { rule, policy, quoted } of badPolicies) {
      const error = usageThrown(() => new Lifecycle(new Container(), { supervise: policy as never }));
      assert.match(error.message, /supervise/, rule);
      for (const text of quoted) assert.ok(error.message.includes(text), `${rule}: "${error.message}" quotes ${text}`);
    }
  });

  it('good policies pass: every field at a legal edge (Infinity thresholds, jitter 0 and 1, maxRestarts 0)', () => {
    class Db {}
    assert.doesNotThrow(() =>
      supervise({
        restart: 'on-failure',
        maxRestarts: 0,
        withinMs: 1,
        escalate: false,
        retryStart: true,
        restartWithDependencies: true,
        backoff: { initialMs: 0, maxMs: 0, factor: 1, jitter: 1 },
        health: { intervalMs: 1, timeoutMs: 1, unreadyAfter: 1, failAfter: Number.POSITIVE_INFINITY },
      })(Db),
    );
    assert.doesNotThrow(() => new Lifecycle(new Container(), { supervise: { backoff: { jitter: 0 } } }));
  });

  it('"@supervise makes a class a lifecycle service, like @inLayer"', async () => {
    class Plain {}
    class Supervised {}
    injectable('Singleton')(Plain);
    injectable('Singleton')(Supervised);
    supervise({ restart: 'on-failure' })(Supervised);
    const container = new Container();
    container.bind(Plain).toSelf();
    container.bind(Supervised).toSelf();
    const lifecycle = new Lifecycle(container);
    await lifecycle.start();
    assert.deepEqual(
      lifecycle.status().services.map((service) => service.name),
      ['Supervised'],
    );
    await lifecycle.stop();
  });
});
