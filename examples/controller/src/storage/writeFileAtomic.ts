import { open, rename } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

let counter = 0;

/**
 * Writes `data` to `file` so that a reader (or a restart after a crash) sees either the old content or the new one,
 * never a torn write: the data goes to a temporary file in the same directory, is fsync'd, and is renamed over
 * `file`; the directory is then fsync'd so that the rename itself is durable.
 */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const directory = dirname(file);
  const temporary = join(directory, `.${basename(file)}.${process.pid}.${counter++}.tmp`);
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  const directoryHandle = await open(directory, 'r');
  try {
    await directoryHandle.sync();
  } finally {
    await directoryHandle.close();
  }
}
