// After the README's @independentOf fragment: the graph has no cycle and records the exemption, and it starts.
import assert from 'node:assert/strict';
import { Container } from 'inversify';
import { Lifecycle } from 'readygraph';

const container = new Container();
container.bind(Scheduler).toSelf();
container.bind(RequestHandler).toSelf();
const lifecycle = new Lifecycle(container);
assert.deepEqual(lifecycle.graph().nodes.find((node) => node.name === 'RequestHandler')?.independentOf, ['Scheduler']);
await lifecycle.start();
await lifecycle.stop();
