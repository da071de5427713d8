import * as imported from 'inversify';

/**
 * The installed inversify itself: on 5.1 / 6 the tests' `import … from 'inversify'` is the legacy layer (legacy.ts),
 * which hands the real package over as `original`; on 7 / 8 it is the package. For tests of that major's own API.
 */
export const installed = ((imported as { original?: unknown }).original ?? imported) as unknown as Readonly<Record<string, unknown>>;
