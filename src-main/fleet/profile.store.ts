/**
 * Profiles on disk: one file per profile under `profiles/` in the user-data folder, each written
 * atomically and versioned. A file that cannot be read is moved aside and reported, never replaced.
 * Import and export use the profile file format; an invalid file is refused with its line and field.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
// The ESM build: the package's default (UMD) entry loads its parts with a dynamic require.
import { parse as parseJson, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import {
  StudioError,
  profileFileKind,
  profileFileSchema,
  profileSchema,
  type Profile,
  type ProfileInput,
} from '$shared/contract';
import { loadVersionedJson, writeFileAtomic } from '../store/atomic-file';
import { OneAtATime } from '../store/one-at-a-time';

const documentSchema = z.object({ schemaVersion: z.literal(1), profile: profileSchema });

/** The 1-based line of the key at the end of `issuePath` in `text` (a best effort for messages). */
export function lineOf(text: string, issuePath: PropertyKey[]): number | undefined {
  let from = 0;
  let line: number | undefined;
  for (const key of issuePath) {
    if (typeof key !== 'string') continue;
    const at = text.indexOf(`"${key}"`, from);
    if (at === -1) break;
    from = at;
    line = text.slice(0, at).split('\n').length;
  }
  return line;
}

export function parseProfileFile(text: string, fileName = 'the file'): z.infer<typeof profileFileSchema> {
  // jsonc-parser reports where a syntax error is (JSON.parse does not, on every runtime).
  const errors: ParseError[] = [];
  const json: unknown = parseJson(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0) {
    const first = errors[0]!;
    const line = text.slice(0, first.offset).split('\n').length;
    throw new StudioError({
      code: 'invalid-request',
      message: `${fileName} is not valid JSON (line ${line}): ${printParseErrorCode(first.error)}`,
    });
  }
  const parsed = profileFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    const line = lineOf(text, issue.path);
    const kindWrong = issue.path[0] === 'kind';
    throw new StudioError({
      code: 'invalid-request',
      message: kindWrong
        ? `${fileName} is not a SmartEVSE Studio profile (expected "kind": "${profileFileKind}")`
        : `${fileName}${line ? `, line ${line}` : ''}, field ${field || '(document)'}: ${issue.message}`,
      field: field || 'document',
    });
  }
  return parsed.data;
}

export class ProfileStore {
  readonly dir: string;
  private readonly profiles = new Map<string, Profile>();
  private readonly changes = new OneAtATime();

  constructor(
    userDataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.dir = path.join(userDataDir, 'profiles');
  }

  /** Loads every profile; returns problems to show for files moved aside. */
  async load(): Promise<string[]> {
    const problems: string[] = [];
    let names: string[] = [];
    let entries: string[] = [];
    try {
      entries = await fs.readdir(this.dir);
      names = entries.filter((name) => name.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    // Temporary files of writes that never finished (the process was killed): the old file stands.
    for (const name of entries.filter((n) => /^\..+\.tmp$/.test(n)))
      await fs.rm(path.join(this.dir, name), { force: true });
    for (const name of names) {
      const loaded = await loadVersionedJson(
        path.join(this.dir, name),
        documentSchema,
        () => undefined as never,
      );
      if (loaded.movedAside)
        problems.push(`Profile ${name} could not be read (${loaded.problem}); kept as ${loaded.movedAside}`);
      else if (loaded.value) this.profiles.set(loaded.value.profile.id, loaded.value.profile);
    }
    return problems;
  }

  list(): Profile[] {
    return [...this.profiles.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => structuredClone(p));
  }

  get(id: string): Profile {
    const profile = this.profiles.get(id);
    if (!profile)
      throw new StudioError({
        code: 'invalid-request',
        message: `There is no profile "${id}"`,
        field: 'profileId',
      });
    return structuredClone(profile);
  }

  /**
   * Saves a new profile or a new version of an existing one. Saves and removals run one at a time:
   * two saves of one profile get two versions, and a removal is never undone by a save before it.
   */
  save(input: ProfileInput): Promise<Profile> {
    return this.changes.run(() => this.saveNow(input));
  }

  private async saveNow(input: ProfileInput): Promise<Profile> {
    const existing = input.id ? this.profiles.get(input.id) : undefined;
    if (input.id && !existing)
      throw new StudioError({
        code: 'invalid-request',
        message: `There is no profile "${input.id}"`,
        field: 'id',
      });
    const profile = profileSchema.parse({
      id: existing?.id ?? randomUUID(),
      name: input.name,
      version: (existing?.version ?? 0) + 1,
      updatedMs: this.now(),
      ...(input.notes ? { notes: input.notes } : {}),
      values: input.values,
    });
    await writeFileAtomic(
      this.file(profile.id),
      `${JSON.stringify({ schemaVersion: 1, profile }, null, 2)}\n`,
    );
    this.profiles.set(profile.id, profile);
    return structuredClone(profile);
  }

  async duplicate(id: string): Promise<Profile> {
    const source = this.get(id);
    const copy: ProfileInput = { name: `${source.name} (copy)`.slice(0, 80), values: source.values };
    if (source.notes) copy.notes = source.notes;
    return this.save(copy);
  }

  remove(id: string): Promise<boolean> {
    return this.changes.run(async () => {
      if (!this.profiles.has(id)) return false;
      await fs.rm(this.file(id), { force: true });
      this.profiles.delete(id);
      return true;
    });
  }

  async import(text: string, fileName?: string): Promise<Profile> {
    const file = parseProfileFile(text, fileName);
    const input: ProfileInput = { name: file.name, values: file.values };
    if (file.notes) input.notes = file.notes;
    return this.save(input);
  }

  export(id: string): { fileName: string; text: string } {
    const profile = this.get(id);
    const file = {
      kind: profileFileKind,
      schemaVersion: 1,
      name: profile.name,
      version: profile.version,
      ...(profile.notes ? { notes: profile.notes } : {}),
      values: profile.values,
    };
    const safe = profile.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'profile';
    return { fileName: `${safe}.smartevse-profile.json`, text: `${JSON.stringify(file, null, 2)}\n` };
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }
}
