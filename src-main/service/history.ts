/**
 * History: the flight recorder behind the Studio API. Every read the poller makes of a listed
 * charger is recorded (samples, settings changes, sessions); the handler fragment answers the
 * graph's recorded days and weeks, the session lists and their CSV, and clears one charger.
 * Without a loadable SQLite module Studio still runs: history is off and says why.
 */
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  StudioError,
  modeIds,
  sessionsCsv,
  settingsWords,
  type ChargerSample,
  type StudioHandlers,
} from '$shared/contract';
import type { SettingsRead } from '../charger/charger-http';
import { Recorder } from '../recorder/recorder';
import type { Scheduler } from '../store/scheduler';

export type HistoryHandlers = Pick<
  StudioHandlers,
  'recordedSamples' | 'listSessions' | 'exportSessions' | 'settingsHistory' | 'clearRecording'
>;

export interface HistoryOptions {
  /** Off for the CLI's one-off commands: the methods then say history is not kept. */
  enabled: boolean;
  userDataDir: string;
  scheduler: Scheduler;
  keepDays: number;
  /** The charger's name as the user named it (for the CSV). */
  nameOf: (chargerId: string) => string;
}

const modeNames = Object.fromEntries(Object.entries(modeIds).map(([name, id]) => [id, name.toLowerCase()]));

export class History {
  readonly handlers: HistoryHandlers;
  readonly recorder: Recorder | undefined;
  /** Why history is off, when it is. */
  readonly problem: string | undefined;
  /** A damaged database moved aside at start, for the user to know. */
  aside: string | undefined;

  constructor(private readonly options: HistoryOptions) {
    let recorder: Recorder | undefined;
    let problem: string | undefined;
    const file = path.join(options.userDataDir, 'recorder.sqlite');
    const open = () => new Recorder({ file, scheduler: options.scheduler, keepDays: options.keepDays });
    if (!options.enabled) problem = 'History is not kept by this command.';
    else
      try {
        recorder = open();
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
        // A damaged file is kept aside (never deleted) and a new one started.
        const code = (error as { code?: unknown }).code;
        if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
          const aside = `${file}.corrupt-${new Date(options.scheduler.now()).toISOString().replace(/[:.]/g, '-')}`;
          try {
            renameSync(file, aside);
            for (const extra of ['-wal', '-shm']) rmSync(`${file}${extra}`, { force: true });
            recorder = open();
            problem = undefined;
            this.aside = `History could not be read (${(error as Error).message}); kept as ${aside}, and a new history started.`;
          } catch (again) {
            problem = `History could not be read: ${(again as Error).message}`;
          }
        }
      }
    this.recorder = recorder;
    this.problem = problem;
    this.handlers = {
      recordedSamples: async ({ id, fromMs, toMs }) => {
        const r = this.on();
        return { ...r.samples(id, fromMs, toMs), ...r.range(id) };
      },
      listSessions: async ({ id, fromMs, toMs }) =>
        this.on().sessions({
          ...(id !== undefined ? { chargerId: id } : {}),
          ...(fromMs !== undefined ? { fromMs } : {}),
          ...(toMs !== undefined ? { toMs } : {}),
        }),
      exportSessions: async ({ id }) => {
        const sessions = this.on().sessions(id !== undefined ? { chargerId: id } : {});
        const csv = sessionsCsv(
          sessions,
          (chargerId) => this.name(chargerId),
          (modeId) => modeNames[modeId] ?? String(modeId),
        );
        const stamp = new Date(options.scheduler.now()).toISOString().slice(0, 10);
        const who = id === undefined ? 'all-chargers' : this.name(id).replace(/[^\p{L}\p{N}_-]+/gu, '_');
        return { csv, fileName: `sessions-${who}-${stamp}.csv`, count: sessions.length };
      },
      settingsHistory: async ({ id, sinceMs }) => this.on().changes(id, sinceMs ?? 0),
      clearRecording: async ({ id }) => this.on().clear(id),
    };
  }

  private name(chargerId: string): string {
    try {
      return this.options.nameOf(chargerId);
    } catch {
      return chargerId;
    }
  }

  private on(): Recorder {
    if (this.recorder) return this.recorder;
    throw new StudioError({ code: 'internal', message: this.problem ?? 'History is off.' });
  }

  /** One poll of a charger (the poller's sample and the read it came from). */
  record(chargerId: string, sample: ChargerSample, read: SettingsRead): void {
    // The recorder must never break polling: a failure shows in `recorder.problem` instead.
    try {
      this.recorder?.record(chargerId, sample, read.snapshot, settingsWords(read.snapshot, read.json));
    } catch (error) {
      if (this.recorder) this.recorder.problem = (error as Error).message;
    }
  }

  setKeepDays(days: number): void {
    this.recorder?.setKeepDays(days);
  }

  close(): void {
    this.recorder?.close();
  }
}
