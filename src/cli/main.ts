#!/usr/bin/env node
// The `readygraph` bin. Exit codes: 0 ok; 1 the graph is invalid (`check`, `graph`); 2 bad usage or unreadable input.
import { CommanderError } from 'commander';
import { CliError } from './CliError.js';
import { createProgram } from './createProgram.js';

const program = createProgram({ out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) });
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`readygraph: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else if (error instanceof CommanderError) {
    // commander has printed its message (or the help); --help and --version end with code 0.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`readygraph: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  }
}
