// The Raft core's public face: what the consensus layer of the example controller wires to its transport and disk.
export type { AppliedEntry, LogEntry } from './LogEntry.js';
export { MemoryRaftStorage } from './MemoryRaftStorage.js';
export type { JsonValue, ParseRaftMessageResult, RaftMessageLimits } from './parseRaftMessage.js';
export { createRaftMessageParser, maxPeerTerm, parseRaftMessage } from './parseRaftMessage.js';
export { ProposalTracker } from './ProposalTracker.js';
export type { ProposalOutcome } from './ProposalTracker.js';
export type { ProposeResult } from './ProposeResult.js';
export type { ReadIndexResult } from './ReadIndexResult.js';
export { RaftCore } from './RaftCore.js';
export type { RaftClock, RaftCoreOptions, RaftStateMachine, RaftTransport } from './RaftCoreOptions.js';
export type { AppendEntries, AppendEntriesResult, NodeId, RaftMessage, RequestVote, RequestVoteResult } from './RaftMessage.js';
export type { RaftRole, RaftStatus } from './RaftStatus.js';
export type { HardState, PersistentChange, PersistentState, RaftStorage } from './RaftStorage.js';
export type { Random } from './seededRandom.js';
export { seededRandom } from './seededRandom.js';
