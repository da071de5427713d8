import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { parseRaftAnswer } from '../../../src/consensus/parseRaftAnswer.js';
import { RepliesOnAnswer } from '../../../src/consensus/RepliesOnAnswer.js';
import { createRaftMessageParser, MemoryRaftStorage, parseRaftMessage, RaftCore } from '../../../src/machinery/raft/index.js';
import type { RaftMessage } from '../../../src/machinery/raft/index.js';

const ack = (from: string, to: string): RaftMessage<string> => ({ type: 'AppendEntriesResult', from, to, term: 1, success: true, matchIndex: 1 });

describe('RepliesOnAnswer', () => {
  it('takes what is said to the peer being answered, and nothing to another peer or outside an answer', () => {
    const answers = new RepliesOnAnswer<RaftMessage<string>>();
    const sent: Array<RaftMessage<string>> = [];
    const send = (message: RaftMessage<string>): void => void (answers.take(message) || sent.push(message));
    const replies = answers.collect('n2', () => {
      send(ack('n1', 'n2'));
      send(ack('n1', 'n3'));
    });
    send(ack('n1', 'n2'));
    assert.deepEqual(replies, [ack('n1', 'n2')]);
    assert.deepEqual(sent, [ack('n1', 'n3'), ack('n1', 'n2')]);
  });
});

describe('parseRaftAnswer', () => {
  const options = { peer: 'n2', self: 'n1', parse: parseRaftMessage };

  it('keeps the replies from the peer dialled to this node, and drops, saying why, any other', () => {
    const { messages, dropped } = parseRaftAnswer({ ok: true, replies: [ack('n2', 'n1'), ack('n3', 'n1'), ack('n2', 'n3'), { type: 'Nonsense' }] }, options);
    assert.deepEqual(messages, [ack('n2', 'n1')]);
    assert.equal(dropped.length, 3);
    assert.match(dropped[0] ?? '', /from "n3" to "n1"; it may speak only for n2, to n1/);
    assert.match(dropped[1] ?? '', /from "n2" to "n3"/);
    assert.match(dropped[2] ?? '', /malformed reply in the answer of n2/);
  });

  it('an answer without replies carries none; one that is not an answer is dropped whole', () => {
    assert.deepEqual(parseRaftAnswer({ ok: true }, options), { messages: [], dropped: [] });
    assert.deepEqual(parseRaftAnswer({ ok: true, replies: Array.from({ length: 9 }, () => ack('n2', 'n1')) }, options).messages, []);
    assert.match(parseRaftAnswer('ok', options).dropped[0] ?? '', /the answer of n2 is not \{ replies\?: \[\.\.\.\] \} with at most 8 replies/);
  });
});

describe('a raft round trip over POSTs with replies on the answer', () => {
  it('commits a proposal with one POST per follower: each acknowledgement comes back on its answer', () => {
    const parse = createRaftMessageParser(z.string());
    const posts: Array<RaftMessage<string>> = [];
    const answers = new Map<string, RepliesOnAnswer<RaftMessage<string>>>();
    const node = (id: string, peers: string[]): RaftCore<string> => {
      const onAnswer = new RepliesOnAnswer<RaftMessage<string>>();
      answers.set(id, onAnswer);
      return new RaftCore<string>({
        id,
        peers,
        storage: new MemoryRaftStorage<string>(),
        transport: { send: (message) => void (onAnswer.take(message) || posts.push(message)) },
        stateMachine: { apply: () => undefined },
        clock: { now: () => time },
        random: () => 0,
      });
    };
    let time = 0;
    const cores = new Map([['n1', node('n1', ['n2', 'n3'])], ['n2', node('n2', ['n1', 'n3'])], ['n3', node('n3', ['n1', 'n2'])]]);
    /** Delivers every POST made so far, and the replies on each answer, as JSON; returns how many POSTs it delivered. */
    const deliver = (): number => {
      let delivered = 0;
      for (let post = posts.shift(); post !== undefined; post = posts.shift()) {
        delivered += 1;
        const receiver = cores.get(post.to);
        const message = post;
        const replies = answers.get(post.to)?.collect(post.from, () => receiver?.receive(message)) ?? [];
        const answer: unknown = JSON.parse(JSON.stringify({ ok: true, replies }));
        const { messages, dropped } = parseRaftAnswer(answer, { peer: post.to, self: post.from, parse });
        assert.deepEqual(dropped, []);
        for (const reply of messages) cores.get(reply.to)?.receive(reply);
      }
      return delivered;
    };
    const leader = cores.get('n1');
    assert.ok(leader !== undefined);
    time = 150;
    leader.tick(); // n1 times out first (the others' timers read the same clock, but are not ticked)
    deliver();
    assert.equal(leader.status().role, 'leader');
    assert.equal(leader.status().commitIndex, 1, 'its no-op committed');

    const proposal = leader.propose('x');
    assert.ok(proposal.accepted);
    assert.equal(deliver(), 2, 'one POST to each follower, and none back');
    assert.equal(leader.status().commitIndex, proposal.index);
  });
});
