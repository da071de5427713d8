import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { JsonStore } from '../src/storage/JsonStore.js';
import { writeFileAtomic } from '../src/storage/writeFileAtomic.js';
import { tempDir } from './support/tempDir.js';

const schema = z.object({ counter: z.number(), log: z.array(z.string()) });

describe('on-disk store', () => {
  void test('starts empty, persists every update, and reopens with what was written', async (t) => {
    const file = join(await tempDir(t), 'state.json');
    const store = await JsonStore.open(file, schema, { counter: 0, log: [] });
    await store.update((state) => ({ counter: state.counter + 1, log: [...state.log, 'one'] }));
    const reopened = await JsonStore.open(file, schema, { counter: 0, log: [] });
    assert.deepEqual(reopened.value, { counter: 1, log: ['one'] });
  });

  void test('concurrent updates are applied in order and the last one is on disk', async (t) => {
    const file = join(await tempDir(t), 'state.json');
    const store = await JsonStore.open(file, schema, { counter: 0, log: [] });
    await Promise.all(Array.from({ length: 25 }, async (_, index) => store.update((state) => ({ counter: state.counter + 1, log: [...state.log, String(index)] }))));
    await store.flushed();
    const onDisk = schema.parse(JSON.parse(await readFile(file, 'utf8')));
    assert.equal(onDisk.counter, 25);
    assert.deepEqual(onDisk.log, Array.from({ length: 25 }, (_, index) => String(index)));
  });

  void test('a corrupt store is refused, not silently replaced', async (t) => {
    const file = join(await tempDir(t), 'state.json');
    await writeFile(file, JSON.stringify({ counter: 'many' }));
    await assert.rejects(JsonStore.open(file, schema, { counter: 0, log: [] }), /is corrupt/);
  });

  void test('an atomic write leaves no temporary file behind and replaces the content whole', async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, 'doc.txt');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, 'second');
    assert.equal(await readFile(file, 'utf8'), 'second');
    assert.deepEqual(await readdir(dir), ['doc.txt']);
  });
});
