import type { Container } from 'inversify';
import { Lifecycle } from 'readygraph';
import { RaftLogCheck, type RaftLogFindings } from './RaftLogCheck.js';

/** What the maintenance command reports: the findings, and which services it started (the rest stayed idle). */
export interface RaftLogVerification {
  readonly findings: RaftLogFindings;
  readonly started: readonly string[];
}

/**
 * The maintenance command on the controller's own container: `start({ only: [RaftLogCheck] })` starts the check and
 * what it needs (the configuration, the storage), nothing of the web layer or the mesh (they stay `idle`, never
 * constructed: no port is bound, no peer dialled), then stops what it started.
 *
 * @throws Error (as a rejection) what the check found wrong, inside the start's `ERR_READYGRAPH_STARTUP`.
 */
export async function verifyRaftLog(container: Container): Promise<RaftLogVerification> {
  if (!container.isBound(RaftLogCheck)) container.bind(RaftLogCheck).toSelf();
  const lifecycle = new Lifecycle(container, { name: 'verify-raft-log' });
  await lifecycle.start({ only: [RaftLogCheck] });
  try {
    const started = lifecycle.status().services.filter((service) => service.state !== 'idle').map((service) => service.name);
    return { findings: container.get(RaftLogCheck).findings, started };
  } finally {
    await lifecycle.stop();
  }
}
