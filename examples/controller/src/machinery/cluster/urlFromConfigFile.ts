import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The part of a controller's config file that says where it is reached; the rest is kept as it is. */
export const webSectionSchema = z.looseObject({
  web: z.looseObject({
    bind: z.looseObject({ host: z.string().min(1).default('127.0.0.1'), port: z.number().int() }),
    advertise: z.string().optional(),
  }),
});

/**
 * The URL of a controller, from its config file: its advertised address, else its bind address (as the controller
 * itself advertises it). Read synchronously, at each call: the file is small, and it is the source of truth after a
 * reload onto another port. Throws, naming the file, if it has no usable web section.
 */
export function urlFromConfigFile(file: string): string {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read the controller's address from it (${error instanceof Error ? error.message : String(error)}); it must be the controller's JSON config file`, { cause: error });
  }
  const parsed = webSectionSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file}: no address to reach the controller at (${parsed.error.issues[0]?.message ?? 'invalid'} in its web section); give it web.bind.port`);
  const { bind, advertise } = parsed.data.web;
  return `http://${advertise ?? `${bind.host}:${bind.port}`}`;
}
