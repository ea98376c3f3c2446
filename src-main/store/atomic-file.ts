/**
 * Atomic file writes (temp file, fsync, rename, fsync of the folder) and versioned JSON documents
 * that are never silently replaced: a file that fails validation is moved aside and reported.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { OneAtATime } from './one-at-a-time';

/** Writes in progress or waiting, per file. */
const queues = new Map<string, OneAtATime>();

/**
 * Writes `data` to `file` atomically. Writes to the same file run one after another, so a burst of
 * saves can never end with an older one on disk (each has its own temp file, and renames that raced
 * could finish in any order).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const key = path.resolve(file);
  const queue = queues.get(key) ?? new OneAtATime();
  queues.set(key, queue);
  return queue
    .run(() => writeNow(key, data))
    .finally(() => {
      if (queue.idle && queues.get(key) === queue) queues.delete(key);
    });
}

async function writeNow(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  // The rename is only durable once the folder entry is on disk; not every platform allows this.
  try {
    const dirHandle = await fs.open(dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  } catch {
    /* Windows cannot open a folder for fsync; the rename itself is still atomic there. */
  }
}

/** What happened when a document was loaded; `movedAside` names a corrupt file kept for the user. */
export interface LoadResult<T> {
  value: T;
  movedAside?: string;
  problem?: string;
}

/**
 * Loads a `{ schemaVersion, ...data }` document. Missing → the default. Unreadable or invalid →
 * the file is renamed `*.corrupt-<time>` (never overwritten) and the default is returned with the reason.
 */
export async function loadVersionedJson<S extends z.ZodType>(
  file: string,
  schema: S,
  fallback: () => z.infer<S>,
  migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {},
  now: () => number = Date.now,
): Promise<LoadResult<z.infer<S>>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { value: fallback() };
    throw error;
  }
  let problem: string;
  try {
    let doc = JSON.parse(text) as Record<string, unknown>;
    let version = typeof doc.schemaVersion === 'number' ? doc.schemaVersion : 0;
    while (migrations[version]) {
      doc = migrations[version]!(doc);
      version = typeof doc.schemaVersion === 'number' ? doc.schemaVersion : version + 1;
    }
    const parsed = schema.safeParse(doc);
    if (parsed.success) return { value: parsed.data };
    const issue = parsed.error.issues[0];
    problem = `${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`;
  } catch (error) {
    problem = `not valid JSON (${(error as Error).message})`;
  }
  const aside = `${file}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
  await fs.rename(file, aside);
  return { value: fallback(), movedAside: aside, problem };
}

/** Whether a file (or folder) is there. */
export async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
