// After the README's retryStart example: a Redis that refuses the first two connections, as one still starting up
// does. The start waits through two backoff delays (on a ManualClock, so nothing waits) and succeeds on the third
// attempt; the start would have failed at once without retryStart.
import assert from 'node:assert/strict';
import { Container } from 'inversify';
import { Lifecycle } from 'readygraph';
import { ManualClock } from '../../test/support/ManualClock.js';

interface RedisClient {
  quit(): Promise<void>;
}

let attempts = 0;
async function connectRedis(signal: AbortSignal): Promise<RedisClient> {
  signal.throwIfAborted();
  attempts += 1;
  if (attempts < 3) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
  return { quit: async () => undefined };
}

const clock = new ManualClock();
const container = new Container();
container.bind(Redis).toSelf();
const lifecycle = new Lifecycle(container, { clock });
const started = lifecycle.start();
await clock.advance(10_000); // past both backoff delays (500 ms and 1 s, ± 20 %)
await started;
assert.equal(attempts, 3, 'two refused connections, then the one that worked');
assert.equal(lifecycle.state, 'ready');
await lifecycle.stop();
