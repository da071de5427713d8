import type { NodeId } from './RaftMessage.js';

/**
 * Throws a `RangeError` naming the node and the option when the options of a `RaftCore` cannot work: a node among its
 * own peers, an election timeout that cannot elect, heartbeats too slow to keep a leader, or no room for an entry.
 */
export function checkRaftCoreOptions(
  id: NodeId,
  peers: readonly NodeId[],
  electionTimeout: { readonly min: number; readonly max: number },
  heartbeatInterval: number,
  maxEntriesPerMessage: number,
): void {
  if (peers.includes(id) || new Set(peers).size !== peers.length) {
    throw new RangeError(`raft node '${id}': peers must be distinct and exclude the node itself, got [${peers.join(', ')}]`);
  }
  if (!(electionTimeout.min > 0 && electionTimeout.max > electionTimeout.min)) {
    throw new RangeError(`raft node '${id}': electionTimeout needs 0 < min < max, got ${JSON.stringify(electionTimeout)}`);
  }
  // A heartbeat slower than the shortest election timeout would let followers depose a healthy leader.
  if (!(heartbeatInterval > 0 && heartbeatInterval < electionTimeout.min)) {
    throw new RangeError(`raft node '${id}': heartbeatInterval must be in (0, electionTimeout.min), got ${heartbeatInterval}`);
  }
  if (!(Number.isInteger(maxEntriesPerMessage) && maxEntriesPerMessage >= 1)) {
    throw new RangeError(`raft node '${id}': maxEntriesPerMessage must be a positive integer, got ${maxEntriesPerMessage}`);
  }
}
