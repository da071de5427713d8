import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type WithHelp<T extends Options> = T & { readonly help: { readonly type: 'boolean'; readonly short: 'h'; readonly default: false } };
type Values<T extends Options> = ReturnType<typeof parseArgs<{ options: WithHelp<T> }>>['values'];

/**
 * The options of a bench command, parsed: an unknown option or a missing value prints `name: <what is wrong>` and the
 * usage on stderr and exits 2; `--help` / `-h` prints the usage and exits 0.
 */
export function commandLine<const T extends Options>(name: string, usage: string, options: T): Values<T> {
  const config: { options: WithHelp<T> } = { options: { ...options, help: { type: 'boolean', short: 'h', default: false } } };
  let values: Values<T>;
  try {
    values = parseArgs(config).values;
  } catch (error) {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    process.exit(2);
  }
  if ((values as { help?: boolean }).help === true) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return values;
}
