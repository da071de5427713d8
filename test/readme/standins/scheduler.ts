// Before the README's @independentOf fragment: what it names, a scheduler in a layer that depends on the request
// handlers' layer (without @independentOf, the injection would make a cycle).
import 'reflect-metadata';
import { injectable } from 'inversify';
import { independentOf, inLayer, layer } from 'readygraph';

const Web = layer('web');
const Background = layer('background', { dependsOn: [Web] });

@injectable('Singleton')
@inLayer(Background)
class Scheduler {
  readonly queued: string[] = [];
  schedule(job: string): void {
    this.queued.push(job);
  }
  onReady(): void {}
}
