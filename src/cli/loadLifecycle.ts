import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Lifecycle } from '../index.js';
import { CliError } from './CliError.js';
import { errorMessage } from './errorMessage.js';

/**
 * Imports the ES module at `modulePath` (relative to the working directory) and returns a lifecycle for what it
 * exports, looked for in this order: a named `lifecycle`, a named `container`, the default export. A container is
 * wrapped in a new `Lifecycle` with default options; nothing is constructed or started (the module itself should not
 * start anything on import).
 */
export async function loadLifecycle(modulePath: string): Promise<Lifecycle> {
  const url = pathToFileURL(resolve(modulePath)).href;
  let exported: Record<string, unknown>;
  try {
    exported = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`cannot import ${modulePath}: ${errorMessage(error)}${typeScriptHint(modulePath)}`, 2);
  }
  for (const key of ['lifecycle', 'container', 'default']) {
    const value = exported[key];
    if (isLifecycle(value)) return value;
    if (isContainer(value)) return new Lifecycle(value as ConstructorParameters<typeof Lifecycle>[0]);
  }
  const keys = Object.keys(exported);
  throw new CliError(
    `${modulePath} exports no container or lifecycle; export one as \`export const container = new Container()\`, ` +
      `\`export const lifecycle = new Lifecycle(container)\` or \`export default container\`` +
      ` (it exports: ${keys.length === 0 ? 'nothing' : keys.join(', ')})${typeScriptHint(modulePath)}`,
    2,
  );
}

/*
 * Node.js runs JavaScript: a TypeScript module fails to import (Node.js 20), or, with the type stripping of newer
 * lines, imports without what tsc would have made of it (its decorators fail, or what it exports is not what the
 * compiled module exports), so the hint says the two ways that work. The decorator metadata readygraph reads needs tsc's output, not esbuild's.
 */
function typeScriptHint(modulePath: string): string {
  if (!/\.[cm]?tsx?$/.test(modulePath)) return '';
  return (
    `\n${modulePath} is TypeScript: compile it with tsc (emitDecoratorMetadata) and pass the .js file, or run the CLI through a ` +
    `TypeScript loader: NODE_OPTIONS="--import tsx" readygraph ... (under tsx, write @inject(...) on every constructor parameter: ` +
    `esbuild emits no decorator metadata)`
  );
}

// Duck-typed, so that a module importing its own copy of readygraph or inversify still works.
function isLifecycle(value: unknown): value is Lifecycle {
  return value instanceof Lifecycle || (hasMethods(value, 'graph', 'status', 'start', 'stop') && !hasMethods(value, 'bind'));
}

function isContainer(value: unknown): boolean {
  return hasMethods(value, 'bind', 'get', 'isBound');
}

function hasMethods(value: unknown, ...names: string[]): boolean {
  return typeof value === 'object' && value !== null && names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');
}
