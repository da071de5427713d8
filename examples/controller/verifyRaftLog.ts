// A maintenance command of the controller: `node build/examples/controller/verifyRaftLog.js --config <file>`.
// Verifies the Raft log in <dataDir>/raft without starting the controller: only the configuration and the storage
// start (readygraph's start({ only })), no web layer, no mesh. Prints one JSON line; exits 0 when the log is sound,
// 1 when it is not (the error on stderr).
import 'reflect-metadata';
import { Command } from 'commander';
import { pino } from 'pino';
import { createContainer } from './src/app/createContainer.js';
import { RuntimeHealth } from './src/app/RuntimeHealth.js';
import { verifyRaftLog } from './src/maintenance/verifyRaftLog.js';

const options = new Command()
  .name('verify-raft-log')
  .description('verify the Raft log of a controller on disk, starting only its configuration and storage')
  .requiredOption('-c, --config <file>', 'the configuration file (JSON)')
  .parse()
  .opts<{ config: string }>();

const logger = pino({ level: 'warn' }, pino.destination({ fd: 2, sync: true }));
const container = createContainer({ config: { file: options.config }, logger, health: new RuntimeHealth() });
try {
  process.stdout.write(`${JSON.stringify(await verifyRaftLog(container))}\n`);
} catch (error) {
  process.stderr.write(`verify-raft-log: ${error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error)}\n`);
  process.exitCode = 1;
}
