import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StartupReport } from 'readygraph';
import { z } from 'zod';
import type { NodeEvent } from '../../app/NodeEvent.js';
import { apiAddressesSchema, type ApiAddressMap } from '../../mesh/apiAddresses.js';
import { PeerKeys } from '../../mesh/PeerKeys.js';
import { seededRandom } from '../raft/seededRandom.js';
import { writeFileAtomic } from '../../storage/writeFileAtomic.js';
import { planCluster } from './clusterConfigs.js';
import { fetchJson } from './fetchJson.js';
import { freePorts } from './freePorts.js';
import { NodeProcess, raceNodeScript, type NodeExit } from './NodeProcess.js';
import { urlFromConfigFile, webSectionSchema } from './urlFromConfigFile.js';

/** How to boot a cluster. */
export interface ClusterOptions {
  /** Number of controllers. Default 3. */
  readonly size?: number;
  /**
   * The controller, ordered by readygraph (default), or `false`: the race demo, each controller started the way the
   * original did, without readiness ordering, its web layer slow to load its configuration (`--unordered`).
   */
  readonly ordered?: boolean;
  /** Seeds the start jitter (and the web layers' configuration delays of the race demo). Default 1. */
  readonly seed?: number;
  /** Largest start jitter between controllers, in ms. Default 300. */
  readonly jitterMs?: number;
  /** Called with every event of every controller as it arrives. */
  readonly onEvent?: (node: string, event: NodeEvent) => void;
  /**
   * Called when a controller process ends; `expected` when the cluster ended it (`crash`, `stop`), false when it ended
   * on its own.
   */
  readonly onExit?: (node: string, exit: NodeExit, details: { readonly expected: boolean; readonly stderr: string }) => void;
}

/** One controller of the cluster; `process` changes when it is restarted. */
export interface ClusterNode {
  readonly id: string;
  /**
   * Where the controller is reached now: the web section of its config file (its advertised address, else its bind
   * address), read at each use, so that a controller moved by a reload onto another port is followed.
   */
  readonly url: string;
  readonly configFile: string;
  /** How its process is started: the controller, or in the race demo the original's start-up with a slow web layer. */
  readonly start: () => NodeProcess;
  process: NodeProcess;
}

/** A controller's view of Raft, from `GET /edge/management/v1/raft`. */
export interface RaftView {
  readonly role: 'follower' | 'candidate' | 'leader';
  readonly term: number;
  readonly leader: string | null;
  readonly commitIndex: number;
  readonly lastApplied: number;
  readonly lastLogIndex: number;
}

/** A service's readiness in a node's timeline; `level` is its level in the readiness graph (ordered mode). */
export interface TimelineEntry {
  readonly name: string;
  readonly layer?: string;
  readonly level?: number;
  /** Milliseconds from the start of the node's `start()`, as the report gives them. */
  readonly startedAt: number;
  readonly readyAt: number;
  readonly durationMs: number;
  /** On the critical path: the chain of services that decided the node's start-up time. */
  readonly critical: boolean;
}

/** What one controller says, as printed by `--once --json`. */
export interface NodeSummary {
  readonly id: string;
  readonly url: string;
  readonly state: 'starting' | 'ready' | 'failed' | 'exited';
  readonly readyAtMs?: number;
  /** What this controller recorded from each peer's hello. */
  readonly peers: Record<string, { address: string; apiAddresses: ApiAddressMap }>;
  readonly timeline: TimelineEntry[];
  /** Raft, as this controller sees it (absent if it does not answer). */
  readonly role?: RaftView['role'];
  readonly term?: number;
  readonly leader?: string | null;
  readonly commitIndex?: number;
}

/** The one JSON line of `--once --json`. */
export interface ClusterSummary {
  readonly ordered: boolean;
  readonly seed: number;
  readonly settled: boolean;
  readonly nodes: NodeSummary[];
}

const raftSchema = z.object({
  data: z.object({
    role: z.enum(['follower', 'candidate', 'leader']),
    term: z.number(),
    leader: z.string().nullable(),
    commitIndex: z.number(),
    lastApplied: z.number(),
    lastLogIndex: z.number(),
  }),
});

const listingSchema = z.object({
  data: z.array(z.object({ id: z.string(), isSelf: z.boolean(), address: z.string().optional(), apiAddresses: apiAddressesSchema })),
});

/**
 * A cluster of controllers on loopback, each a child process with its own config file and data directory (in a
 * temporary directory removed by `stop`).
 */
export class Cluster {
  public readonly nodes: ClusterNode[] = [];
  private readonly spawned: NodeProcess[] = [];
  /** Processes ended on purpose (`crash`): their exit is no surprise. */
  private readonly ended = new WeakSet<NodeProcess>();
  private stopping = false;

  private constructor(
    public readonly ordered: boolean,
    public readonly seed: number,
    private readonly root: string,
  ) {}

  /** Plans the cluster, writes the config files and spawns the controllers, each after its seeded start jitter. */
  public static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const ordered = options.ordered ?? true;
    const seed = options.seed ?? 1;
    const root = await mkdtemp(join(tmpdir(), 'readygraph-controller-'));
    const cluster = new Cluster(ordered, seed, root);
    const ports = await freePorts(options.size ?? 3);
    const plan = planCluster({
      ports,
      keys: ports.map(() => PeerKeys.generate()),
      secret: randomBytes(24).toString('hex'),
      dataRoot: root,
      random: seededRandom(Math.imul(seed, 0x9e3779b1) >>> 0), // spreads small seeds over the generator's states
      jitterMs: options.jitterMs ?? 300,
    });
    const nodes = await Promise.all(
      plan.map(async (planned) => {
        const configFile = join(root, `${planned.id}.json`);
        await writeFile(configFile, `${JSON.stringify(planned.config, null, 2)}\n`);
        await sleep(planned.startDelayMs);
        const start = () => {
          const child = ordered
            ? new NodeProcess(planned.id, ['--config', configFile])
            : new NodeProcess(planned.id, ['--config', configFile, '--web-config-delay-ms', String(planned.raceDelayMs)], raceNodeScript);
          const { onEvent, onExit } = options;
          if (onEvent !== undefined) child.onEvent((event) => onEvent(planned.id, event));
          void child.exited.then((exit) => onExit?.(planned.id, exit, { expected: cluster.ended.has(child) || cluster.stopping, stderr: child.stderr }));
          cluster.spawned.push(child);
          return child;
        };
        return {
          id: planned.id,
          get url() {
            return urlFromConfigFile(configFile);
          },
          configFile,
          start,
          process: start(),
        };
      }),
    );
    cluster.nodes.push(...nodes);
    return cluster;
  }

  /** Every controller process this cluster has started, restarts included, in the order they were started. */
  public get processes(): readonly NodeProcess[] {
    return this.spawned;
  }

  /** The controller `id`. */
  public node(id: string): ClusterNode {
    const node = this.nodes.find((candidate) => candidate.id === id);
    if (node === undefined) throw new Error(`no controller "${id}" in this cluster`);
    return node;
  }

  /** Kills controller `id` with SIGKILL (a crash: nothing is flushed, nothing stops in order) and waits for its end. */
  public async crash(id: string): Promise<NodeExit> {
    const node = this.node(id);
    this.ended.add(node.process);
    node.process.signal('SIGKILL');
    return node.process.exited;
  }

  /** Whether `process` was ended by `crash` (its SIGKILL is no surprise). */
  public crashedOnPurpose(process: NodeProcess): boolean {
    return this.ended.has(process);
  }

  /** Starts controller `id` again, with the same configuration and data directory. Refused once `stop` has begun. */
  public restart(id: string): NodeProcess {
    const node = this.node(id);
    if (node.process.exitStatus === undefined) throw new Error(`controller "${id}" is still running; crash or stop it before restarting it`);
    if (this.stopping) throw new Error(`controller "${id}" is not restarted: the cluster is stopping`);
    node.process = node.start();
    return node.process;
  }

  /**
   * Moves controller `id`'s web layer onto `port` without restarting its process: rewrites the web section of its
   * config file (atomically: the controller, and `url`, read either the old file or the new one) and sends SIGHUP,
   * which makes the controller restart its web layer there. Resolves with the new URL once the controller listens on it;
   * rejects if it refuses the reload, exits, or does not listen within `timeoutMs`.
   */
  public async moveWeb(id: string, port: number, timeoutMs = 10_000): Promise<string> {
    const node = this.node(id);
    const config = webSectionSchema.parse(JSON.parse(await readFile(node.configFile, 'utf8')));
    const { advertise } = config.web;
    // An advertised address moves with the listener: same host, the new port.
    const web = { ...config.web, bind: { ...config.web.bind, port }, ...(advertise === undefined ? {} : { advertise: `${advertise.replace(/:\d+$/, '')}:${port}` }) };
    const process = node.process;
    const seen = process.events.length;
    await writeFileAtomic(node.configFile, `${JSON.stringify({ ...config, web }, null, 2)}\n`);
    process.signal('SIGHUP');
    const url = node.url;
    const after = (event: NodeEvent) => process.events.indexOf(event) >= seen;
    const outcome = await process.waitFor((event) => after(event) && ((event.type === 'web:listening' && event.url === url) || event.type === 'config:reload-failed'), timeoutMs);
    if (outcome.type === 'config:reload-failed') throw new Error(`controller ${id} refused the reload onto port ${port}: ${outcome.error}`);
    return url;
  }

  /** Controller `id`'s view of Raft, or undefined if it does not answer. */
  public async raftOf(id: string): Promise<RaftView | undefined> {
    try {
      const { status, body } = await fetchJson(`${this.node(id).url}/edge/management/v1/raft`, 1_000);
      const parsed = raftSchema.safeParse(body);
      return status === 200 && parsed.success ? parsed.data.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Controller `id`'s copy of the replicated services, or undefined if it does not answer. */
  public async servicesOf(id: string): Promise<Array<{ name: string; value: unknown }> | undefined> {
    try {
      const { status, body } = await fetchJson(`${this.node(id).url}/edge/management/v1/services`, 1_000);
      const parsed = z.object({ data: z.array(z.object({ name: z.string(), value: z.unknown() })) }).safeParse(body);
      return status === 200 && parsed.success ? parsed.data.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Every controller has a commit index of at least 1 (the first leader's no-op, or later). */
  private async committedEverywhere(): Promise<boolean> {
    const views = await Promise.all(this.nodes.map(async (node) => this.raftOf(node.id)));
    return views.every((view) => view !== undefined && view.commitIndex >= 1);
  }

  /** The leader every running controller agrees on (same leader, same term), or undefined. */
  public async agreedLeader(): Promise<string | undefined> {
    const running = this.nodes.filter((node) => node.process.exitStatus === undefined);
    const views = await Promise.all(running.map(async (node) => this.raftOf(node.id)));
    const first = views[0];
    if (first === undefined || first.leader === null) return undefined;
    const agreed = views.every((view) => view !== undefined && view.leader === first.leader && view.term === first.term);
    return agreed && running.some((node) => node.id === first.leader) ? first.leader : undefined;
  }

  /**
   * Waits until every controller is ready, has recorded a hello from every peer (whatever it carried), agrees on the
   * Raft leader and has learnt that the leader's first entry is committed, or until a controller exits, or `timeoutMs`. Resolves true if the cluster settled.
   */
  public async settle(timeoutMs = 20_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.nodes.some((node) => node.process.exitStatus !== undefined)) return false;
      const views = await Promise.all(this.nodes.map(async (node) => this.peersOf(node)));
      const complete = this.nodes.every((node, index) => {
        const peers = views[index];
        return node.process.events.some((event) => event.type === 'ready') && peers !== undefined && this.nodes.every((other) => other === node || other.id in peers);
      });
      if (complete && (await this.agreedLeader()) !== undefined && (await this.committedEverywhere())) return true;
      await sleep(100);
    }
    return false;
  }

  /** Every controller's state, timeline and recorded peers. */
  public async summary(settled: boolean): Promise<ClusterSummary> {
    const nodes = await Promise.all(
      this.nodes.map(async (node): Promise<NodeSummary> => {
        const events = node.process.events;
        const ready = events.find((event) => event.type === 'ready');
        const state =
          node.process.exitStatus !== undefined ? 'exited' : events.some((event) => event.type === 'start-failed') ? 'failed' : ready !== undefined ? 'ready' : 'starting';
        return {
          id: node.id,
          url: node.url,
          state,
          ...(ready === undefined ? {} : { readyAtMs: ready.t }),
          peers: (await this.peersOf(node)) ?? {},
          timeline: timelineOf(events),
          ...raftFields(await this.raftOf(node.id)),
        };
      }),
    );
    return { ordered: this.ordered, seed: this.seed, settled, nodes };
  }

  /**
   * Stops every controller with `signal` (each stops its services in reverse order) and, once every one has exited,
   * removes the temporary directory they write to. Resolves with each exit, in node order; if a controller had to be
   * killed, rejects with that after the others have stopped.
   */
  public async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<NodeExit[]> {
    this.stopping = true;
    const exits = await Promise.allSettled(this.nodes.map(async (node) => node.process.stop(signal)));
    await rm(this.root, { recursive: true, force: true });
    return exits.map((exit) => {
      if (exit.status === 'rejected') throw exit.reason;
      return exit.value;
    });
  }

  /** Removes the temporary directory at once, whatever still runs (for a process exit that cannot wait for `stop`). */
  public removeData(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /** What `node` recorded from its peers' hellos, or undefined if it does not answer (yet). */
  public async peersOf(node: ClusterNode): Promise<NodeSummary['peers'] | undefined> {
    try {
      const { status, body } = await fetchJson(`${node.url}/edge/management/v1/controllers`, 1_000);
      const listing = listingSchema.safeParse(body);
      if (status !== 200 || !listing.success) return undefined;
      return Object.fromEntries(listing.data.data.filter((entry) => !entry.isSelf).map((entry) => [entry.id, { address: entry.address ?? '', apiAddresses: entry.apiAddresses }]));
    } catch {
      return undefined;
    }
  }
}

/**
 * A node's readiness timeline, from the start-up report it printed (readygraph's `lifecycle.report()`), with each
 * service's level in the readiness graph when it is known. Empty until the node has reported.
 */
function timelineOf(events: readonly NodeEvent[]): TimelineEntry[] {
  const graph = events.find((event) => event.type === 'graph');
  const report = reportOf(events);
  const levelOf = new Map((graph?.levels ?? []).flatMap((names, level) => names.map((name) => [name, level] as const)));
  return (report?.services ?? [])
    .flatMap((service) => {
      if (service.state === 'failed' || service.endedAt === undefined) return [];
      const level = levelOf.get(service.name);
      return [
        {
          name: service.name,
          ...(service.layer === undefined ? {} : { layer: service.layer }),
          ...(level === undefined ? {} : { level }),
          startedAt: Math.round(service.startedAt ?? 0),
          readyAt: Math.round(service.endedAt),
          durationMs: Math.round(service.durationMs ?? 0),
          critical: service.critical,
        },
      ];
    })
    .sort((a, b) => a.readyAt - b.readyAt);
}

function raftFields(view: RaftView | undefined): Pick<NodeSummary, 'role' | 'term' | 'leader' | 'commitIndex'> {
  return view === undefined ? {} : { role: view.role, term: view.term, leader: view.leader, commitIndex: view.commitIndex };
}

/** The start-up report a node printed, if it has. */
export function reportOf(events: readonly NodeEvent[]): StartupReport | undefined {
  const event = events.find((candidate) => candidate.type === 'report');
  return event?.type === 'report' ? event.report : undefined;
}
