import { readFile } from 'node:fs/promises';
import { PeerKeys } from '../mesh/PeerKeys.js';
import { ConfigError } from './ConfigError.js';
import { controllerConfigSchema, type ControllerConfig } from './controllerConfigSchema.js';

/**
 * Reads and validates a controller configuration file.
 *
 * @throws ConfigError when the file cannot be read, is not JSON, or does not match the schema; the message names each
 *   offending field (`web.bind.port: expected number, received string`).
 */
export async function loadConfigFile(file: string): Promise<ControllerConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [], `config ${file}: cannot read the file (${(error as Error).message})`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [], `config ${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return validateConfig(raw, file);
}

/**
 * Validates a configuration value (what a file holds, or one given inline); `origin` names it in messages.
 *
 * @throws ConfigError naming each offending field, or a duplicate id, a key that is not an Ed25519 key, an idle
 *   timeout shorter than a write may take, or a minClusterSize the cluster cannot reach.
 */
export function validateConfig(raw: unknown, origin: string): ControllerConfig {
  const file = origin;
  const parsed = controllerConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(root)', message: issue.message }));
    throw new ConfigError(
      file,
      problems.map((problem) => problem.field),
      `config ${file}: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`,
    );
  }
  const config = parsed.data;
  const ids = [config.id, ...config.cluster.peers.map((peer) => peer.id)];
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) {
    throw new ConfigError(file, ['cluster.peers'], `config ${file}: cluster.peers: id "${duplicate}" appears twice (ids include this controller's own id)`);
  }
  const keys = [
    { field: 'cluster.privateKey', problem: PeerKeys.problemWith(config.cluster.privateKey, 'private') },
    ...config.cluster.peers.map((peer, index) => ({ field: `cluster.peers.${index}.publicKey`, problem: PeerKeys.problemWith(peer.publicKey, 'public') })),
  ].filter((key) => key.problem !== undefined);
  if (keys.length > 0) {
    throw new ConfigError(
      file,
      keys.map((key) => key.field),
      `config ${file}: ${keys.map((key) => `${key.field}: not a base64 DER Ed25519 key (${key.problem ?? ''})`).join('; ')}; the cluster runner makes one key pair per controller`,
    );
  }
  if (config.web.idleTimeoutMs <= config.raft.proposalTimeoutMs + 1_000) {
    throw new ConfigError(file, ['web.idleTimeoutMs'], `config ${file}: web.idleTimeoutMs: ${config.web.idleTimeoutMs} would cut off a write that waits up to raft.proposalTimeoutMs (${config.raft.proposalTimeoutMs}) plus a forward; make it larger`);
  }
  const size = config.cluster.peers.length + 1;
  if (config.cluster.minClusterSize !== undefined && config.cluster.minClusterSize > size) {
    throw new ConfigError(
      file,
      ['cluster.minClusterSize'],
      `config ${file}: cluster.minClusterSize: ${config.cluster.minClusterSize} is more than the ${size} controllers configured; the cluster could never form`,
    );
  }
  return config;
}
