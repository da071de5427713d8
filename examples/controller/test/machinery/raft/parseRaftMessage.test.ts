import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import { createRaftMessageParser, maxPeerTerm, parseRaftMessage } from '../../../src/machinery/raft/index.js';
import type { LogEntry, RaftMessage } from '../../../src/machinery/raft/index.js';

const appendEntries = {
  type: 'AppendEntries',
  from: 'n1',
  to: 'n2',
  term: 3,
  prevLogIndex: 2,
  prevLogTerm: 2,
  entries: [
    { term: 2, kind: 'command', command: { put: 'svc', value: [1, 'two', null] } },
    { term: 3, kind: 'noop' },
  ],
  leaderCommit: 2,
};

function rejection(input: unknown): string {
  const result = parseRaftMessage(input);
  assert.equal(result.ok, false, `expected a rejection of ${JSON.stringify(input)}`);
  return result.ok ? '' : result.reason;
}

describe('parseRaftMessage', () => {
  it('accepts each kind of message and returns it unchanged', () => {
    const messages: unknown[] = [
      { type: 'RequestVote', from: 'n1', to: 'n2', term: 4, lastLogIndex: 7, lastLogTerm: 3 },
      { type: 'RequestVote', from: 'n1', to: 'n2', term: 1, lastLogIndex: 0, lastLogTerm: 0 },
      { type: 'RequestVoteResult', from: 'n2', to: 'n1', term: 4, voteGranted: true },
      appendEntries,
      { type: 'AppendEntriesResult', from: 'n2', to: 'n1', term: 3, success: false, matchIndex: 1 },
    ];
    for (const message of messages) assert.deepEqual(parseRaftMessage(message), { ok: true, message });
  });

  it('rejects wrong types, naming the field', () => {
    assert.match(rejection({ ...appendEntries, term: '3' }), /^term: .*expected number/);
    assert.match(rejection({ ...appendEntries, entries: {} }), /^entries: .*expected array/);
    assert.match(rejection({ type: 'RequestVoteResult', from: 'n2', to: 'n1', term: 4, voteGranted: 'yes' }), /^voteGranted: /);
    assert.match(rejection({ ...appendEntries, from: 7 }), /^from: /);
    assert.match(rejection({ ...appendEntries, entries: [{ term: 3, kind: 'snapshot' }] }), /^entries\.0\.kind: /);
  });

  it('rejects terms and indexes that are negative, fractional or beyond safe integers', () => {
    assert.match(rejection({ ...appendEntries, term: -1 }), /^term: .*>=0/);
    assert.match(rejection({ ...appendEntries, prevLogIndex: 1.5 }), /^prevLogIndex: /);
    assert.match(rejection({ ...appendEntries, leaderCommit: 2 ** 53 }), /^leaderCommit: /);
    assert.match(rejection({ ...appendEntries, term: Number.NaN }), /^term: /);
    assert.match(rejection({ ...appendEntries, term: Number.POSITIVE_INFINITY }), /^term: /);
  });

  it('term overflow: refuses a term or index that leaves no room to count up from (2^53 - 1 is a safe integer, and a dead end)', () => {
    for (const term of [Number.MAX_SAFE_INTEGER, maxPeerTerm + 1]) {
      assert.match(rejection({ type: 'RequestVote', from: 'n1', to: 'n2', term, lastLogIndex: 0, lastLogTerm: 0 }), /^term: must be at most 4503599627370496/);
    }
    assert.match(rejection({ ...appendEntries, prevLogIndex: maxPeerTerm + 1 }), /^prevLogIndex: must be at most/);
    const highest = { type: 'RequestVote', from: 'n1', to: 'n2', term: maxPeerTerm, lastLogIndex: 0, lastLogTerm: 0 };
    assert.deepEqual(parseRaftMessage(highest), { ok: true, message: highest });
  });

  it('rejects unknown message types, missing fields and unexpected fields', () => {
    assert.match(rejection({ ...appendEntries, type: 'InstallSnapshot' }), /^type: Invalid discriminator value/);
    const { leaderCommit: _, ...withoutCommit } = appendEntries;
    assert.match(rejection(withoutCommit), /^leaderCommit: /);
    assert.match(rejection({ ...appendEntries, admin: true }), /Unrecognized key: "admin"/);
  });

  it('rejects term orderings no correct node produces', () => {
    assert.match(rejection({ ...appendEntries, entries: [{ term: 4, kind: 'noop' }] }), /^entries: entry terms must not decrease/);
    assert.match(rejection({ ...appendEntries, entries: [{ term: 1, kind: 'noop' }] }), /^entries: /);
    assert.match(rejection({ ...appendEntries, prevLogTerm: 4 }), /^entries: /);
    assert.match(rejection({ ...appendEntries, prevLogIndex: 0 }), /^prevLogTerm: the empty prefix/);
    assert.match(rejection({ type: 'RequestVote', from: 'n1', to: 'n2', term: 2, lastLogIndex: 1, lastLogTerm: 3 }), /^lastLogTerm: .*ahead of term/);
    assert.match(rejection({ type: 'RequestVote', from: 'n1', to: 'n2', term: 2, lastLogIndex: 0, lastLogTerm: 1 }), /^lastLogTerm: an empty log/);
    assert.match(rejection({ ...appendEntries, to: 'n1' }), /^to: a node does not send to itself/);
  });

  it('rejects oversized payloads: too many entries, a huge command, a long node id', () => {
    const many = Array.from({ length: 1025 }, () => ({ term: 3, kind: 'noop' }));
    assert.match(rejection({ ...appendEntries, entries: many }), /^entries: Too big/);
    const huge = [{ term: 3, kind: 'command', command: 'x'.repeat(70_000) }];
    assert.match(rejection({ ...appendEntries, entries: huge }), /^entries\.0\.command: command is larger than 65536/);
    assert.match(rejection({ ...appendEntries, from: 'n'.repeat(129) }), /^from: Too big/);
  });

  it('applies the limits it is given', () => {
    const strict = createRaftMessageParser(z.json(), { maxEntries: 1, maxCommandLength: 10, maxNodeIdLength: 2 });
    assert.equal(strict(appendEntries).ok, false);
    assert.equal(strict({ ...appendEntries, entries: [{ term: 3, kind: 'command', command: '12345678' }] }).ok, true);
    assert.equal(strict({ ...appendEntries, entries: [{ term: 3, kind: 'command', command: '123456789' }] }).ok, false);
  });

  it('validates commands with the schema it is built with', () => {
    const parse = createRaftMessageParser(z.strictObject({ put: z.string() }));
    assert.equal(parse({ ...appendEntries, entries: [{ term: 3, kind: 'command', command: { put: 'svc' } }] }).ok, true);
    const result = parse({ ...appendEntries, entries: [{ term: 3, kind: 'command', command: { delete: 'svc' } }] });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /^entries\.0\.command/);
  });

  it('never throws, whatever it is given', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('gotcha');
        },
        ownKeys: () => {
          throw new Error('gotcha');
        },
      },
    );
    assert.deepEqual(parseRaftMessage(hostile), { ok: false, reason: 'input could not be read: gotcha' });
    for (const input of [null, undefined, 42, 'RequestVote', [], [appendEntries], { type: null }]) assert.equal(parseRaftMessage(input).ok, false);
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }), (input) => {
        assert.equal(parseRaftMessage(input).ok, false);
      }),
      { seed: 6, numRuns: 500 },
    );
  });

  it('accepts every well-formed message, and turns any single corrupted field into a rejection', () => {
    const count = fc.nat({ max: 1_000_000 });
    const id = fc.string({ minLength: 1, maxLength: 8 });
    const wellFormed: fc.Arbitrary<RaftMessage<string>> = fc
      .tuple(id, id, count, count, count, fc.array(fc.option(fc.string(), { nil: undefined }), { maxLength: 5 }), fc.boolean(), fc.nat(3))
      .filter(([from, to]) => from !== to)
      .map(([from, to, a, b, c, commands, flag, kind]): RaftMessage<string> => {
        // Terms in order: prevLogTerm <= entry terms <= term, as a real leader's log has them.
        const [prevLogTerm, term] = a <= b ? [a, b] : [b, a];
        const prevLogIndex = prevLogTerm === 0 ? 0 : c + 1;
        const entries = commands.map((command): LogEntry<string> =>
          command === undefined ? { term, kind: 'noop' } : { term, kind: 'command', command },
        );
        switch (kind) {
          case 0:
            return { type: 'RequestVote', from, to, term, lastLogIndex: prevLogIndex, lastLogTerm: prevLogTerm };
          case 1:
            return { type: 'RequestVoteResult', from, to, term, voteGranted: flag };
          case 2:
            return { type: 'AppendEntries', from, to, term, prevLogIndex, prevLogTerm, entries, leaderCommit: c };
          default:
            return { type: 'AppendEntriesResult', from, to, term, success: flag, matchIndex: c };
        }
      });
    const corruption = fc.constantFrom(-1, 0.5, '1', null, true, undefined);
    fc.assert(
      fc.property(wellFormed, corruption, fc.nat(), (message, bad, pick) => {
        const wire: unknown = JSON.parse(JSON.stringify(message));
        assert.deepEqual(parseRaftMessage(wire), { ok: true, message });
        const numericFields = Object.keys(message).filter((key) => typeof (message as unknown as Record<string, unknown>)[key] === 'number');
        const field = numericFields[pick % numericFields.length] ?? 'term';
        assert.equal(parseRaftMessage({ ...message, [field]: bad }).ok, false, `${field}: ${String(bad)} must be rejected`);
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});
