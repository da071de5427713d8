/*
 * A module resolution hook (node:module register): `inversify` imported by a compiled test file resolves to the
 * legacy layer; imported by anything else (the layer itself, the library, other packages) to the real package.
 */

interface ResolveContext {
  readonly parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;

const layer = new URL('./legacy.js', import.meta.url).href;
const tests = new URL('../../', import.meta.url).href;

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<{ url: string; shortCircuit?: boolean }> {
  const parent = context.parentURL;
  if (specifier === 'inversify' && parent !== undefined && parent.startsWith(tests) && parent !== layer) return { url: layer, shortCircuit: true };
  return next(specifier, context);
}
