import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { snippetsOf, withImports } from './readmeSnippets.js';

// build/test/readme/readmeSnippets.test.js -> the checkout's root, whose test/readme/standins/ holds "app".
const root = fileURLToPath(new URL('../../../', import.meta.url));

const markdown = [
  '# Title', // 1
  '```sh', // 2
  'npm test', // 3
  '```', // 4
  '## Quickstart', // 5
  '<!-- snippet: prelude=app epilogue=app imports=inversify:inversify6 -->', // 6
  '', // 7
  '```ts', // 8
  'const a = 1;', // 9
  '# not a heading', // 10
  '```', // 11
  '```js', // 12
  'console.log(2);', // 13
  '```', // 14
  '### Deeper', // 15
  '- an item:', // 16
  '  <!-- snippet: compile-only because it only declares a type -->', // 17
  '  ```typescript', // 18
  '  type T = {', // 19
  '    a: 1;', // 20
  '  };', // 21
  '  ```', // 22
  '```json', // 23
  '{}', // 24
  '```', // 25
].join('\n');

describe('the README snippets: which blocks, their ids and their directives', () => {
  it('takes the ts and js blocks in order, named "<nearest heading> #<n>", and leaves sh, json and mermaid blocks alone', () => {
    const snippets = snippetsOf(markdown, root);
    assert.deepEqual(
      snippets.map((snippet) => [snippet.id, snippet.language, snippet.line, snippet.directiveLine]),
      [
        ['Quickstart #1', 'ts', 9, 6],
        ['Quickstart #2', 'js', 13, 12],
        ['Deeper #1', 'ts', 19, 17],
      ],
    );
    assert.equal(snippets[0]?.code, 'const a = 1;\n# not a heading\n');
    assert.equal(new Set(snippets.map((snippet) => snippet.fileName)).size, 3);
  });

  it('reads a directive on the line before the fence (blank lines between allowed), and strips a list item’s indentation', () => {
    const [first, second, third] = snippetsOf(markdown, root);
    assert.deepEqual([first?.preludes, first?.epilogues, [...(first?.imports ?? [])], first?.compileOnly, first?.problem], [['app'], ['app'], [['inversify', 'inversify6']], undefined, undefined]);
    assert.deepEqual([second?.preludes, second?.epilogues, second?.compileOnly], [[], [], undefined]);
    assert.equal(third?.compileOnly, 'it only declares a type');
    assert.equal(third?.code, 'type T = {\n  a: 1;\n};\n');
  });

  it('reports an unknown directive word, a compile-only without its reason, and a stand-in that does not exist', () => {
    const problemOf = (comment: string) => snippetsOf(`## S\n<!-- snippet: ${comment} -->\n\`\`\`ts\nx;\n\`\`\`\n`, root)[0]?.problem;
    assert.match(problemOf('epilog=app') ?? '', /unknown snippet directive "epilog=app"/);
    assert.match(problemOf('compile-only') ?? '', /"compile-only" needs a reason/);
    assert.match(problemOf('prelude=app,no-such-stand-in') ?? '', /the stand-in "no-such-stand-in" does not exist: test\/readme\/standins\/no-such-stand-in\.ts/);
    assert.equal(problemOf('prelude=app'), undefined);
  });

  it('refuses a directive before a block that is not run', () => {
    assert.throws(() => snippetsOf('<!-- snippet: prelude=app -->\n```sh\nls\n```\n', root), /README\.md line 1: a snippet directive before a ```sh block/);
  });

  it('imports=a:b replaces exactly the specifier a of imports, exports and import() calls', () => {
    const code = "import 'inversify';\nimport { Container } from \"inversify\";\nexport * from 'inversify';\nawait import('inversify');\nimport x from 'inversify-extra';\n";
    assert.equal(
      withImports(code, new Map([['inversify', 'inversify6']])),
      "import 'inversify6';\nimport { Container } from \"inversify6\";\nexport * from 'inversify6';\nawait import('inversify6');\nimport x from 'inversify-extra';\n",
    );
  });
});
