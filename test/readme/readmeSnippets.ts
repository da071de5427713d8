// The code blocks of README.md that a reader may copy: every fenced ts/js block, with the directive (an HTML comment
// on the line before the fence) that says how the test runs it. The grammar is written out in ./README.md.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The fence languages a reader runs; any other (sh, json, mermaid, text) is not code of the library's user. */
const languages: Record<string, SnippetLanguage> = {
  ts: 'ts',
  typescript: 'ts',
  mts: 'mts',
  cts: 'cts',
  js: 'js',
  javascript: 'js',
  mjs: 'mjs',
  cjs: 'cjs',
};

export type SnippetLanguage = 'ts' | 'mts' | 'cts' | 'js' | 'mjs' | 'cjs';

export interface Snippet {
  /** `<heading> #<n>`: the nearest heading above the block and the block's place among the snippets under it. */
  readonly id: string;
  /** A file name made of the id, unique among the snippets. */
  readonly fileName: string;
  readonly language: SnippetLanguage;
  /** The 1-based line of README.md where the code starts (the line after the opening fence). */
  readonly line: number;
  /** The 1-based line of README.md of the block's directive, or of its opening fence if it has none. */
  readonly directiveLine: number;
  /** The code, with the indentation of its fence removed. */
  readonly code: string;
  /** Stand-in files (test/readme/standins/<name>.ts or .js) put before the code, in order. */
  readonly preludes: readonly string[];
  /** Stand-in files put after the code, in order. */
  readonly epilogues: readonly string[];
  /**
   * Module specifiers the block's imports are compiled and run with instead of its own (`imports=inversify:inversify6`
   * runs a block written for another major against that package's alias).
   */
  readonly imports: ReadonlyMap<string, string>;
  /** Set for a block that is compiled but not run: the reason the directive gives. */
  readonly compileOnly: string | undefined;
  /** What is wrong with the block's directive; the block's test fails with it. */
  readonly problem: string | undefined;
}

const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const directive = /^\s*<!--\s*snippet:(.*?)-->\s*$/;

/** The extension of a stand-in file for a block of this language. */
function standInExtension(language: SnippetLanguage): string {
  return language === 'ts' || language === 'mts' || language === 'cts' ? '.ts' : '.js';
}

/** The path of a stand-in file, from the checkout's root. */
export function standInPath(root: string, name: string, language: SnippetLanguage): string {
  return join(root, 'test', 'readme', 'standins', `${name}${standInExtension(language)}`);
}

interface Directive {
  preludes: string[];
  epilogues: string[];
  imports: Map<string, string>;
  compileOnly: string | undefined;
  problems: string[];
}

function parseDirective(text: string): Directive {
  const parsed: Directive = { preludes: [], epilogues: [], imports: new Map(), compileOnly: undefined, problems: [] };
  const rest = text.trim();
  const compileOnly = /^compile-only(?:\s+because\s+(.*))?$/s.exec(rest);
  if (compileOnly !== null) {
    const reason = compileOnly[1]?.trim() ?? '';
    if (reason === '') parsed.problems.push('"compile-only" needs a reason: <!-- snippet: compile-only because … -->');
    parsed.compileOnly = reason;
    return parsed;
  }
  for (const word of rest.split(/\s+/).filter((part) => part !== '')) {
    const imports = /^imports=((?:[^\s,:]+:[^\s,:]+,?)+)$/.exec(word);
    if (imports?.[1] !== undefined) {
      for (const mapping of imports[1].split(',').filter((part) => part !== '')) {
        const [from = '', to = ''] = mapping.split(':');
        parsed.imports.set(from, to);
      }
      continue;
    }
    const pair = /^(prelude|epilogue)=([\w.-]+(?:,[\w.-]+)*)$/.exec(word);
    if (pair?.[1] === undefined || pair[2] === undefined) {
      parsed.problems.push(
        `unknown snippet directive "${word}": write prelude=<name>[,<name>…], epilogue=<name>[,<name>…], imports=<module>:<module>[,…] or "compile-only because …"`,
      );
      continue;
    }
    (pair[1] === 'prelude' ? parsed.preludes : parsed.epilogues).push(...pair[2].split(','));
  }
  return parsed;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Every ts/js code block of the Markdown text, in order. `root` is where the stand-in files are looked for. */
export function snippetsOf(markdown: string, root: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  const perHeading = new Map<string, number>();
  let heading = '(before the first heading)';
  for (let index = 0; index < lines.length; index += 1) {
    const text = lines[index] ?? '';
    const headingMatch = /^#{1,6}\s+(.*)$/.exec(text);
    if (headingMatch?.[1] !== undefined) {
      heading = headingMatch[1].trim();
      continue;
    }
    const open = fence.exec(text);
    if (open === null) continue;
    const indent = open[1] ?? '';
    const marker = open[2] ?? '```';
    const closing = new RegExp(`^\\s*${marker[0] === '`' ? '`' : '~'}{${String(marker.length)},}\\s*$`);
    let end = index + 1;
    while (end < lines.length && !closing.test(lines[end] ?? '')) end += 1;
    const body = lines.slice(index + 1, end);
    const start = index;
    index = end;

    // A directive is the last non-blank line before the fence.
    let before = start - 1;
    while (before >= 0 && (lines[before] ?? '').trim() === '') before -= 1;
    const comment = before >= 0 ? directive.exec(lines[before] ?? '') : null;
    const language = languages[(open[3] ?? '').toLowerCase()];
    if (language === undefined) {
      if (comment !== null) {
        throw new Error(`README.md line ${String(before + 1)}: a snippet directive before a \`\`\`${open[3] ?? ''} block, which is not run`);
      }
      continue;
    }

    const count = (perHeading.get(heading) ?? 0) + 1;
    perHeading.set(heading, count);
    const parsed = parseDirective(comment?.[1] ?? '');
    for (const name of [...parsed.preludes, ...parsed.epilogues]) {
      const path = standInPath(root, name, language);
      if (!existsSync(path)) parsed.problems.push(`the stand-in "${name}" does not exist: ${relative(root, path)}`);
    }
    const id = `${heading} #${String(count)}`;
    snippets.push({
      id,
      fileName: `${String(snippets.length + 1).padStart(2, '0')}-${slug(heading)}-${String(count)}`,
      language,
      line: start + 2,
      directiveLine: comment === null ? start + 1 : before + 1,
      code: body.map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart())).join('\n') + '\n',
      preludes: parsed.preludes,
      epilogues: parsed.epilogues,
      imports: parsed.imports,
      compileOnly: parsed.compileOnly,
      problem: parsed.problems.length > 0 ? parsed.problems.join('; ') : undefined,
    });
  }
  return snippets;
}

/** The code with the module specifiers of its static imports, exports and `import()` calls replaced as `imports` says. */
export function withImports(code: string, imports: ReadonlyMap<string, string>): string {
  if (imports.size === 0) return code;
  return code.replace(/(\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"]+)\2/g, (whole, before: string, quote: string, specifier: string) => {
    const replacement = imports.get(specifier);
    return replacement === undefined ? whole : `${before}${quote}${replacement}${quote}`;
  });
}

/** The snippets of the checkout's README.md. */
export function readmeSnippets(root: string): Snippet[] {
  return snippetsOf(readFileSync(join(root, 'README.md'), 'utf8'), root);
}
