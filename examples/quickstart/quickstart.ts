// The README's quickstart, runnable: node build/examples/quickstart/quickstart.js
import 'reflect-metadata';
import { Container, inject, injectable } from 'inversify';
import { dependsOn, inLayer, layer, Lifecycle, type OnReady, type OnStop, type ReadyContext } from 'readygraph';

export const Web = layer('web');
export const Consensus = layer('consensus', { dependsOn: [Web] });

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    });
  });

@injectable('Singleton')
export class ClusterConfig implements OnReady {
  public peers: string[] = [];
  public async onReady({ signal }: ReadyContext): Promise<void> {
    await sleep(20, signal); // read a file, say
    this.peers = ['ctrl2', 'ctrl3'];
  }
}

@injectable('Singleton')
@inLayer(Web)
export class XWeb implements OnReady, OnStop {
  public apiAddresses: string[] = [];
  public async onReady({ signal }: ReadyContext): Promise<void> {
    await sleep(50, signal); // load the web config, listen
    this.apiAddresses = ['https://127.0.0.1:1280/edge/management/v1'];
  }
  public onStop(): void {
    this.apiAddresses = [];
  }
}

@injectable('Singleton')
@inLayer(Consensus) // held back until every service of Web is ready
@dependsOn(ClusterConfig) // and until ClusterConfig is ready
export class RaftNode implements OnReady, OnStop {
  public hello: { peers: string[]; apiAddresses: string[] } | undefined;
  public constructor(@inject(XWeb) private readonly web: XWeb, @inject(ClusterConfig) private readonly config: ClusterConfig) {}
  public onReady(): void {
    // Never empty: the web layer is ready before this runs.
    this.hello = { peers: this.config.peers, apiAddresses: this.web.apiAddresses };
  }
  public onStop(): void {
    this.hello = undefined;
  }
}

export async function main(): Promise<RaftNode> {
  const container = new Container();
  container.bind(ClusterConfig).toSelf();
  container.bind(XWeb).toSelf();
  container.bind(RaftNode).toSelf();
  const lifecycle = new Lifecycle(container, { startTimeoutMs: 30_000, stopTimeoutMs: 10_000 });
  lifecycle.on('service:ready', ({ name, durationMs }) => console.log(`ready  ${name} (${durationMs.toFixed(0)} ms)`));
  lifecycle.on('service:stopped', ({ name }) => console.log(`stopped ${name}`));
  console.log(lifecycle.graph().toMermaid());
  await lifecycle.start(); // resolves when every lifecycle service is ready
  const raft = container.get(RaftNode);
  console.log('hello sent to peers:', JSON.stringify(raft.hello));
  await lifecycle.stop(); // reverse order
  return raft;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await main();
