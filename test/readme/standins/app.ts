// Before a README fragment of "Operating a readygraph app": the application it speaks of, `container` and a
// `lifecycle` (not started) of two services, with time on a ManualClock (`clock`) so that no delay is waited for.
import 'reflect-metadata';
import { Container, inject, injectable } from 'inversify';
import { Lifecycle } from 'readygraph';
import { ManualClock } from '../../test/support/ManualClock.js';

@injectable('Singleton')
class Database {
  connected = false;
  async onReady(): Promise<void> {
    this.connected = true;
  }
  async onStop(): Promise<void> {
    this.connected = false;
  }
}

@injectable('Singleton')
class HttpApi {
  constructor(@inject(Database) readonly database: Database) {}
  onReady(): void {
    if (!this.database.connected) throw new Error('HttpApi started before Database was ready');
  }
}

const clock = new ManualClock();
const container = new Container();
container.bind(Database).toSelf();
container.bind(HttpApi).toSelf();
const lifecycle = new Lifecycle(container, { clock });
