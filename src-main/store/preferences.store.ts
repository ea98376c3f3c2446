/** The user's preferences (`preferences.json` in the user-data folder), versioned and written atomically. */
import path from 'node:path';
import { z } from 'zod';
import {
  defaultPreferences,
  preferencesSchema,
  type Preferences,
  type PreferencesPatch,
} from '$shared/contract/preferences.schema';
import { loadVersionedJson, writeFileAtomic } from './atomic-file';
import { OneAtATime } from './one-at-a-time';

const documentSchema = z.object({ schemaVersion: z.literal(1), preferences: preferencesSchema });

export class PreferencesStore {
  private readonly updates = new OneAtATime();
  readonly file: string;
  private current: Preferences = defaultPreferences();

  constructor(userDataDir: string) {
    this.file = path.join(userDataDir, 'preferences.json');
  }

  /** Loads the stored preferences; returns a problem to show when a corrupt file was moved aside. */
  async load(): Promise<string | undefined> {
    const loaded = await loadVersionedJson(this.file, documentSchema, () => ({
      schemaVersion: 1 as const,
      preferences: defaultPreferences(),
    }));
    this.current = loaded.value.preferences;
    return loaded.movedAside
      ? `Preferences could not be read (${loaded.problem}); kept as ${loaded.movedAside}`
      : undefined;
  }

  get(): Preferences {
    return structuredClone(this.current);
  }

  /**
   * Updates run one after another, each on top of the last: two changes made at once (language, then
   * theme) both stay. A refused or failed update changes nothing.
   */
  update(patch: PreferencesPatch): Promise<Preferences> {
    return this.updates.run(async () => {
      const next = preferencesSchema.parse({ ...this.current, ...patch });
      await writeFileAtomic(
        this.file,
        `${JSON.stringify({ schemaVersion: 1, preferences: next }, null, 2)}\n`,
      );
      this.current = next;
      return this.get();
    });
  }
}
