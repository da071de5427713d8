import { z } from 'zod';
import type { RaftMessage } from './RaftMessage.js';

/** Bounds on what a peer may send; anything beyond them is rejected before it reaches the core. */
export interface RaftMessageLimits {
  /** Longest node id, in characters. Default: 128. */
  readonly maxNodeIdLength: number;
  /**
   * Most entries in one AppendEntries. Must be at least the senders' `maxEntriesPerMessage`, or catch-up stalls.
   * Default: 1024.
   */
  readonly maxEntries: number;
  /**
   * Longest command, measured as its JSON text. Default: 65536. The HTTP layer should also cap the body size, since
   * `maxEntries` full-size commands add up.
   */
  readonly maxCommandLength: number;
  /**
   * Largest term or log index a peer may send. Default: {@link maxPeerTerm} (2^52). A node adopts the highest term it
   * hears of and adds one per election; a bound far below `Number.MAX_SAFE_INTEGER` leaves it 2^52 elections of room
   * in which `+ 1` stays exact, so that one hostile message cannot leave a cluster without a term to elect a leader in.
   */
  readonly maxTerm: number;
}

/** The default of {@link RaftMessageLimits.maxTerm}: 2^52, half of the range in which `+ 1` is exact. */
export const maxPeerTerm = 2 ** 52;

/** The outcome of validating untrusted input: the typed message, or why it was refused. */
export type ParseRaftMessageResult<C> =
  | { readonly ok: true; readonly message: RaftMessage<C> }
  | { readonly ok: false; readonly reason: string };

/** Any value that survives `JSON.parse(JSON.stringify(value))` unchanged. */
export type JsonValue = z.output<ReturnType<typeof z.json>>;

const defaultLimits: RaftMessageLimits = { maxNodeIdLength: 128, maxEntries: 1024, maxCommandLength: 65_536, maxTerm: maxPeerTerm };

/**
 * Builds a validator for messages whose commands match `commandSchema`. The validator never throws: malformed input
 * (wrong types, negative or fractional terms and indexes, unknown fields, impossible term orderings, oversized
 * payloads) yields `{ ok: false, reason }`, where `reason` names the offending field, ready for a 400 response.
 */
export function createRaftMessageParser<C>(
  commandSchema: z.ZodType<C>,
  limits: Partial<RaftMessageLimits> = {},
): (input: unknown) => ParseRaftMessageResult<C> {
  const { maxNodeIdLength, maxEntries, maxCommandLength, maxTerm } = { ...defaultLimits, ...limits };
  const nodeId = z.string().min(1).max(maxNodeIdLength);
  // Terms and indexes: whole, and low enough that this node can still count up from them (see maxTerm).
  const count = z.int().min(0).max(maxTerm, `must be at most ${maxTerm}: a larger term leaves too little room to elect in`);
  const command = commandSchema.refine((value) => jsonLength(value) <= maxCommandLength, {
    message: `command is larger than ${maxCommandLength} characters of JSON`,
  });
  const entry = z.discriminatedUnion('kind', [
    z.strictObject({ term: count, kind: z.literal('noop') }),
    z.strictObject({ term: count, kind: z.literal('command'), command }),
  ]);
  const envelope = { from: nodeId, to: nodeId, term: count };

  const message = z
    .discriminatedUnion('type', [
      z
        .strictObject({ type: z.literal('RequestVote'), ...envelope, lastLogIndex: count, lastLogTerm: count })
        .refine((m) => m.lastLogTerm <= m.term, { message: 'lastLogTerm is ahead of term', path: ['lastLogTerm'] })
        .refine((m) => (m.lastLogIndex === 0) === (m.lastLogTerm === 0), {
          message: 'an empty log (lastLogIndex 0) has lastLogTerm 0, and only it',
          path: ['lastLogTerm'],
        }),
      z.strictObject({ type: z.literal('RequestVoteResult'), ...envelope, voteGranted: z.boolean() }),
      z
        .strictObject({
          type: z.literal('AppendEntries'),
          ...envelope,
          prevLogIndex: count,
          prevLogTerm: count,
          entries: z.array(entry).max(maxEntries),
          leaderCommit: count,
          round: count.optional(),
        })
        .refine((m) => (m.prevLogIndex === 0) === (m.prevLogTerm === 0), {
          message: 'the empty prefix (prevLogIndex 0) has prevLogTerm 0, and only it',
          path: ['prevLogTerm'],
        })
        // Terms never decrease along a log and no leader holds entries from a term after its own.
        .refine((m) => isNonDecreasing([m.prevLogTerm, ...m.entries.map((e) => e.term), m.term]), {
          message: 'entry terms must not decrease, start at or after prevLogTerm, and not exceed term',
          path: ['entries'],
        }),
      z.strictObject({ type: z.literal('AppendEntriesResult'), ...envelope, success: z.boolean(), matchIndex: count, round: count.optional() }),
    ])
    .refine((m) => m.from !== m.to, { message: 'a node does not send to itself', path: ['to'] });

  return (input) => {
    try {
      const result = message.safeParse(input);
      if (result.success) return { ok: true, message: result.data };
      return { ok: false, reason: describeIssues(result.error.issues) };
    } catch (error) {
      // Hostile input (a throwing getter, a proxy) must cost a request, not the node.
      return { ok: false, reason: `input could not be read: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
}

/** Validates a message whose commands may be any JSON value, with the default {@link RaftMessageLimits}. */
export const parseRaftMessage: (input: unknown) => ParseRaftMessageResult<JsonValue> = createRaftMessageParser(z.json());

function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function isNonDecreasing(values: readonly number[]): boolean {
  return values.every((value, i) => i === 0 || (values[i - 1] ?? value) <= value);
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length === 0 ? 'message' : issue.path.join('.')}: ${issue.message}`)
    .join('; ');
}

