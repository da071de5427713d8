// After the README's supervision example: the connection it leaves to the reader (an event emitter whose methods need
// their `this`), and a run that fires its events from outside the hooks, as a real client does, later: the context's
// `unready`, `ready` and `fail`, taken off it by destructuring, are called from those event handlers. Time (the
// backoff, the health checks) runs on a ManualClock, so nothing waits.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Container } from 'inversify';
import { Lifecycle } from 'readygraph';
import { ManualClock } from '../../test/support/ManualClock.js';

class Connection extends EventEmitter {
  closed = false;
  async ping(): Promise<boolean> {
    return !this.closed;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const connections: Connection[] = [];

async function connect(signal: AbortSignal): Promise<Connection> {
  signal.throwIfAborted();
  const connection = new Connection();
  connections.push(connection);
  return connection;
}

const clock = new ManualClock();
const container = new Container();
container.bind(DbClient).toSelf();
container.bind(Repository).toSelf();
container.bind(OrdersApi).toSelf();
const lifecycle = new Lifecycle(container, { clock });
const stateOf = (name: string) => lifecycle.status().services.find((service) => service.name === name)?.state;

await lifecycle.start();
const first = connections[0];
assert.ok(first !== undefined && connections.length === 1, `connections after start: ${String(connections.length)}`);

first.emit('reconnecting');
assert.equal(stateOf('DbClient'), 'unready');
assert.equal(lifecycle.isAvailable(Repository), false, 'Repository is unavailable while DbClient is unready');
assert.equal(lifecycle.state, 'degraded');
assert.equal(lifecycle.isAvailable(OrdersApi), false, 'OrdersApi too: it injects Repository');

first.emit('reconnected');
assert.equal(stateOf('DbClient'), 'ready');
assert.equal(lifecycle.state, 'ready');
assert.equal(lifecycle.isAvailable(OrdersApi), true);

first.emit('fatal', new Error('the database went away'));
assert.equal(lifecycle.isAvailable(Repository), false, 'Repository restarts with DbClient');
const back = lifecycle.whenReady(Repository);
await clock.advance(1_000); // past the first backoff (500 ms ± 20 %), before the first health check (5 s)
await back;
assert.equal(connections.length, 2, 'onReady ran again after the failure and connected again');
assert.equal(first.closed, true, 'the failed run was stopped (onStop closed its connection) before the restart');
assert.equal(lifecycle.status().services.find((service) => service.name === 'DbClient')?.restarts, 1);

await lifecycle.stop();
assert.equal(connections[1]?.closed, true);
assert.equal(lifecycle.state, 'stopped');
