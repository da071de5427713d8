import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Logger } from 'readygraph';

/** A line pino wrote, parsed. */
export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly service?: string;
  readonly lifecycle?: string;
  readonly durationMs?: number;
}

/** pino's numeric levels. */
export const INFO = 30;
export const WARN = 40;
export const ERROR = 50;

/** A real pino logger writing JSON lines into an array. */
export function recordingPino(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text !== '') lines.push(JSON.parse(text) as LogLine);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}
