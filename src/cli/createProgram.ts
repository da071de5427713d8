import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { CycleDrawing, isReadyGraphError, renderReportSvg, renderReportText, type StartupReport } from '../index.js';
import type { CliOutput } from './CliOutput.js';
import { CliError } from './CliError.js';
import { errorMessage } from './errorMessage.js';
import { loadLifecycle } from './loadLifecycle.js';
import { graphJson } from './graphJson.js';
import { addImpactCommand } from './impactCommand.js';

export type { CliOutput } from './CliOutput.js';

/** The `readygraph` command line: `graph`, `check`, `report` and `impact`. */
export function createProgram(output: CliOutput): Command {
  const program = new Command('readygraph')
    .description('Inspect the readiness graph of an InversifyJS container and render start-up reports.')
    .configureOutput({ writeOut: output.out, writeErr: output.err })
    .version(packageVersion(), '-V, --version', 'print the readygraph version')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('graph')
    .description('print the readiness graph of the container a module exports, without constructing anything; a cyclic graph is drawn with its cycle marked, and exits 1')
    .argument('<module>', 'an ES module exporting `container`, `lifecycle` or a default container')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['mermaid', 'dot', 'json']).default('mermaid'))
    .option('--reduce', 'draw without the edges another path implies (mermaid, dot)')
    .action(async (modulePath: string, options: { format: 'mermaid' | 'dot' | 'json'; reduce?: true }) => {
      const lifecycle = await loadLifecycle(modulePath);
      const print = (text: string): void => output.out(text.endsWith('\n') ? text : `${text}\n`);
      const graph = validated(() => lifecycle.graph(), (error) => {
        // A cycle is where a picture helps most: draw it marked (every edge: a reduction needs an order), then fail.
        const drawing = options.format === 'json' ? undefined : CycleDrawing.of(error);
        if (drawing !== undefined) print(options.format === 'dot' ? drawing.toDot() : drawing.toMermaid());
      });
      const render = { reduce: options.reduce === true };
      print(options.format === 'json' ? graphJson(graph) : options.format === 'dot' ? graph.toDot(render) : graph.toMermaid(render));
    });

  program
    .command('check')
    .description(
      'validate the readiness graph (cycles, missing dependencies, scopes; an empty graph fails too); exit 1 with the error if invalid. ' +
        'With --only, also print the closure of those services and layers (what start({ only }) starts), one name a line, in start order',
    )
    .argument('<module>', 'an ES module exporting `container`, `lifecycle` or a default container')
    .option('--only <names>', 'a service or layer name, or a comma-separated list; repeatable', collect, [])
    .action(async (modulePath: string, options: { only: string[] }) => {
      const lifecycle = await loadLifecycle(modulePath);
      const graph = validated(() => lifecycle.graph());
      validated(() => graph.assertNotEmpty());
      const layers = new Set(graph.nodes.flatMap((node) => (node.layer === undefined ? [] : [node.layer]))).size;
      if (options.only.length > 0) {
        for (const name of validated(() => graph.closure(options.only))) output.out(`${name}\n`);
        return;
      }
      output.out(`ok: ${graph.nodes.length} lifecycle service(s) in ${layers} layer(s), ${graph.levels().length} level(s)\n`);
    });

  program
    .command('report')
    .description('render a start-up report saved as JSON (JSON.stringify(lifecycle.report())): text to stdout, SVG to a file')
    .argument('<report>', 'the report, a JSON file')
    .option('--svg <file>', 'also write an SVG waterfall to this file')
    .option('--no-text', 'do not print the text report')
    .action(async (reportPath: string, options: { svg?: string; text: boolean }) => {
      const report = await readReport(reportPath);
      if (options.text) output.out(renderReportText(report));
      if (options.svg !== undefined) await writeFile(options.svg, renderReportSvg(report));
    });

  addImpactCommand(program, output, validated);

  return program;
}

/** Commander's way to take a repeatable option: each use (a name or a comma list) adds to the list. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((name) => name.trim()).filter((name) => name !== '')];
}

/** The version of the installed package (dist/cli/ is two levels below its package.json). */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

/**
 * Builds the graph; a graph error becomes exit 1 with its message (cycle path, missing dependency, scope), after
 * `onGraphError` has had a look at it.
 */
function validated<T>(build: () => T, onGraphError?: (error: unknown) => void): T {
  try {
    return build();
  } catch (error) {
    if (isReadyGraphError(error)) {
      onGraphError?.(error);
      throw new CliError(`${error.code}: ${error.message}`, 1);
    }
    throw error;
  }
}

async function readReport(path: string): Promise<StartupReport> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliError(`cannot read the report ${path}: ${errorMessage(error)}`, 2);
  }
  const candidate = parsed as Partial<StartupReport> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !Array.isArray(candidate.services) ||
    !Array.isArray(candidate.criticalPath) ||
    !Array.isArray(candidate.slowest) ||
    typeof candidate.totalMs !== 'number'
  ) {
    throw new CliError(`${path} is not a start-up report; save one with JSON.stringify(lifecycle.report())`, 2);
  }
  return candidate as StartupReport;
}
