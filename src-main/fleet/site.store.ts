/** The installer's sites (`sites.json` in the user-data folder), versioned and written atomically. */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { StudioError, siteSchema, type Site, type SiteInput } from '$shared/contract';
import { loadVersionedJson, writeFileAtomic } from '../store/atomic-file';
import { OneAtATime } from '../store/one-at-a-time';

const documentSchema = z.object({ schemaVersion: z.literal(1), sites: z.array(siteSchema) });

export class SiteStore {
  private sites: Site[] = [];
  private readonly writes = new OneAtATime();
  readonly file: string;

  constructor(
    userDataDir: string,
    private readonly now: () => number,
  ) {
    this.file = path.join(userDataDir, 'sites.json');
  }

  /** Loads the sites; a file that cannot be read is moved aside and its problem returned. */
  async load(): Promise<string | undefined> {
    const result = await loadVersionedJson(this.file, documentSchema, () => ({
      schemaVersion: 1 as const,
      sites: [],
    }));
    this.sites = result.value.sites;
    return result.problem
      ? `sites.json was unreadable (${result.problem}); it was kept as ${result.movedAside}`
      : undefined;
  }

  list(): Site[] {
    return structuredClone(this.sites).sort((a, b) => a.name.localeCompare(b.name));
  }

  get(id: string): Site {
    const site = this.sites.find((s) => s.id === id);
    if (!site)
      throw new StudioError({ code: 'invalid-request', message: 'There is no such site', field: 'siteId' });
    return structuredClone(site);
  }

  async save(input: SiteInput): Promise<Site> {
    const site: Site = { ...input, id: input.id ?? randomUUID().slice(0, 8), updatedMs: this.now() };
    await this.change((sites) => [...sites.filter((s) => s.id !== site.id), site]);
    return structuredClone(site);
  }

  async remove(id: string): Promise<boolean> {
    let removed = false;
    await this.change((sites) => {
      removed = sites.some((s) => s.id === id);
      return sites.filter((s) => s.id !== id);
    });
    return removed;
  }

  /** One change at a time, each on the list as the last one left it; memory follows the disk. */
  private change(edit: (sites: Site[]) => Site[]): Promise<void> {
    return this.writes.run(async () => {
      const next = edit(this.sites);
      await writeFileAtomic(this.file, `${JSON.stringify({ schemaVersion: 1, sites: next }, null, 2)}\n`);
      this.sites = next;
    });
  }
}
