import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxBodyBytes, maxJsonDepth, maxServiceValueDepth, nestingExceeds, parseServiceRaftMessage } from '../src/consensus/replicationLimits.js';
import { maxCommandLength, maxEntriesPerMessage, serviceCommandSchema } from '../src/consensus/serviceCommandSchema.js';
import { maxPeerTerm } from '../src/machinery/raft/index.js';

/** A service value `depth` levels deep whose command is exactly `maxCommandLength` characters of JSON. */
function largestValue(name: string, depth: number): Record<string, unknown> {
  const nest = (level: number, leaf: string): Record<string, unknown> => (level === 1 ? { leaf } : { n: nest(level - 1, leaf) });
  const without = JSON.stringify({ op: 'put', name, value: nest(depth, '') }).length;
  return nest(depth, 'x'.repeat(maxCommandLength - without));
}

test('one limit for what replicates: the fullest AppendEntries of values the API accepts fits a body, nests within the limit and parses', () => {
  const name = 'n'.repeat(128);
  const value = largestValue(name, maxServiceValueDepth);
  const command = { op: 'put', name, value };
  assert.equal(JSON.stringify(command).length, maxCommandLength, 'the largest command the API accepts');
  assert.equal(nestingExceeds(JSON.stringify(value), maxServiceValueDepth), false, 'and the deepest');
  assert.ok(serviceCommandSchema.safeParse(command).success);
  const id = 'c'.repeat(63);
  const term = maxPeerTerm - 2;
  const message = {
    type: 'AppendEntries',
    from: id,
    to: `${id.slice(1)}d`,
    term,
    prevLogIndex: maxPeerTerm,
    prevLogTerm: term,
    entries: Array.from({ length: maxEntriesPerMessage }, () => ({ term, kind: 'command', command })),
    leaderCommit: maxPeerTerm,
    round: maxPeerTerm,
  };
  const text = JSON.stringify(message);
  assert.ok(Buffer.byteLength(text) <= maxBodyBytes, `${Buffer.byteLength(text)} bytes, within the ${maxBodyBytes}-byte body limit`);
  assert.equal(nestingExceeds(text, maxJsonDepth), false, `within the ${maxJsonDepth} levels every body may nest`);
  assert.equal(nestingExceeds(text, maxJsonDepth - 1), true, 'with no level to spare: the limit is exact');
  const parsed = parseServiceRaftMessage(JSON.parse(text));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
});
