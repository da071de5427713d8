import assert from 'node:assert/strict';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { DiskRaftStorage } from '../src/consensus/DiskRaftStorage.js';
import type { LogEntry } from '../src/machinery/raft/index.js';
import { tempDir } from './support/tempDir.js';

type Command = string;
const entrySchema: z.ZodType<LogEntry<Command>> = z.discriminatedUnion('kind', [
  z.strictObject({ term: z.int().min(1), kind: z.literal('noop') }),
  z.strictObject({ term: z.int().min(1), kind: z.literal('command'), command: z.string() }),
]);
const command = (term: number, text: string): LogEntry<Command> => ({ term, kind: 'command', command: text });

describe('DiskRaftStorage', () => {
  void test('a fresh directory is term 0, no vote, an empty log', async (t) => {
    const storage = DiskRaftStorage.open<Command>(join(await tempDir(t), 'raft'), entrySchema);
    assert.deepEqual(storage.load(), { currentTerm: 0, votedFor: null, log: [] });
    storage.close();
  });

  void test('what persist returned from is there after a reopen: hard state, appends, a truncated and replaced suffix', async (t) => {
    const dir = join(await tempDir(t), 'raft');
    const first = DiskRaftStorage.open<Command>(dir, entrySchema);
    first.load();
    first.persist({ hardState: { currentTerm: 1, votedFor: 'ctrl-2' }, log: { fromIndex: 1, entries: [{ term: 1, kind: 'noop' }, command(1, 'a'), command(1, 'b')] } });
    first.persist({ hardState: { currentTerm: 2, votedFor: null }, log: { fromIndex: 3, entries: [command(2, 'c'), command(2, 'd')] } });
    first.close();
    const second = DiskRaftStorage.open<Command>(dir, entrySchema);
    assert.deepEqual(second.load(), { currentTerm: 2, votedFor: null, log: [{ term: 1, kind: 'noop' }, command(1, 'a'), command(2, 'c'), command(2, 'd')] });
    second.persist({ hardState: { currentTerm: 2, votedFor: null }, log: { fromIndex: 5, entries: [command(2, 'e')] } });
    second.close();
    assert.deepEqual(DiskRaftStorage.open<Command>(dir, entrySchema).load().log.map((entry) => (entry.kind === 'command' ? entry.command : '-')), ['-', 'a', 'c', 'd', 'e']);
  });

  void test('a write torn by a crash (last line without its newline, or unparsable) is cut off; the entries before it remain', async (t) => {
    const dir = join(await tempDir(t), 'raft');
    const storage = DiskRaftStorage.open<Command>(dir, entrySchema);
    storage.persist({ hardState: { currentTerm: 1, votedFor: null }, log: { fromIndex: 1, entries: [command(1, 'a')] } });
    storage.close();
    await appendFile(join(dir, 'log.jsonl'), '{"term":1,"kind":"comm');
    const reopened = DiskRaftStorage.open<Command>(dir, entrySchema);
    assert.deepEqual(reopened.load().log, [command(1, 'a')]);
    reopened.persist({ hardState: { currentTerm: 1, votedFor: null }, log: { fromIndex: 2, entries: [command(1, 'b')] } });
    reopened.close();
    assert.equal(await readFile(join(dir, 'log.jsonl'), 'utf8'), `${JSON.stringify(command(1, 'a'))}\n${JSON.stringify(command(1, 'b'))}\n`);
  });

  void test('term overflow: never persists a hard state or an entry that it could not read back', async (t) => {
    const dir = join(await tempDir(t), 'raft');
    const storage = DiskRaftStorage.open<Command>(dir, entrySchema);
    storage.persist({ hardState: { currentTerm: 3, votedFor: 'ctrl-2' }, log: { fromIndex: 1, entries: [command(3, 'a')] } });
    assert.throws(() => storage.persist({ hardState: { currentTerm: 2 ** 53, votedFor: null } }), /refusing to persist a hard state/);
    assert.throws(() => storage.persist({ hardState: { currentTerm: 3, votedFor: 'ctrl-2' }, log: { fromIndex: 2, entries: [command(2 ** 53, 'b')] } }), /refusing to persist entry 2/);
    storage.close();
    const reopened = DiskRaftStorage.open<Command>(dir, entrySchema);
    assert.deepEqual(reopened.load(), { currentTerm: 3, votedFor: 'ctrl-2', log: [command(3, 'a')] }, 'the last good state, readable');
    reopened.close();
  });

  void test('a corrupt entry before the last refuses to open, rather than silently dropping committed entries', async (t) => {
    const dir = join(await tempDir(t), 'raft');
    DiskRaftStorage.open<Command>(dir, entrySchema).close();
    await writeFile(join(dir, 'log.jsonl'), `{"term":1,"kind":"noop"}\n{"term":"x"}\n{"term":1,"kind":"noop"}\n`);
    assert.throws(() => DiskRaftStorage.open<Command>(dir, entrySchema), /corrupt at entry 2/);
    await writeFile(join(dir, 'hard-state.json'), '{"currentTerm":-1}');
    assert.throws(() => DiskRaftStorage.open<Command>(dir, entrySchema), /hard-state\.json is corrupt/);
  });
});
