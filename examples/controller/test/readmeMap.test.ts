import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

// The README's map (feature → file and line) points into the sources; the test runs from build/, the sources are in
// the repository next to it.
const root = new URL('../../../../examples/controller/', import.meta.url);
const rowPattern = /^\| .+ \| \[(?<path>[^\]:]+):(?<line>\d+)\]\(\k<path>#L\k<line>\) \| `(?<snippet>[^`]+)` \|$/gm;

test('every row of the README map points at a line that shows what it says', () => {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const rows = [...readme.matchAll(rowPattern)].map((match) => match.groups as { path: string; line: string; snippet: string });
  assert.ok(rows.length >= 15, `expected the map's rows, found ${rows.length}`);
  const wrong = rows.filter(({ path, line, snippet }) => !(readFileSync(new URL(path, root), 'utf8').split('\n')[Number(line) - 1] ?? '').includes(snippet));
  assert.deepEqual(wrong.map(({ path, line, snippet }) => `${path}:${line} does not show ${snippet}`), []);
});
