/**
 * The flight recorder: every watched charger's samples, its settings changes and its charging
 * sessions in one SQLite database (`recorder.sqlite` in the user-data folder, better-sqlite3).
 *
 * - Samples are buffered and written in one transaction every `flushMs` (500 ms): a kill -9 loses
 *   at most that much. WAL journal with `synchronous=NORMAL`: a committed write survives the
 *   process dying; only a power cut may take the last transactions, never the file.
 * - Beside the raw samples, one row per charger and minute keeps each minute's highest currents
 *   and last state, so a week opens from 10 080 rows instead of 600 000.
 * - Samples older than the retention (the preference, default 30 days) are deleted every hour and
 *   their pages returned to the file system (incremental vacuum); sessions and settings changes
 *   are small and kept `sessionKeepDays`.
 */
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { StudioError, type ChargerSample, type ChargerSnapshot } from '$shared/contract';
import {
  recorderDaysRange,
  sessionKeepDays,
  type ChargingSession,
  type SettingChange,
} from '$shared/contract/recorder.schema';
import type { Scheduler, TimerHandle } from '../store/scheduler';
import { publicSession, sessionInput, stepSession, type OpenSession } from './sessions';

const dayMs = 86_400_000;
const minuteMs = 60_000;
/** Ranges up to this long are answered with every sample; longer ones with the minute rows. */
export const rawRangeMs = 3 * 3_600_000;
const pruneEveryMs = 3_600_000;
/** Samples kept in memory while the database cannot be written (an hour of 50 chargers at 1 s). */
const maxBuffered = 180_000;

/** The sample's columns, in table order (currents in dA, as the charger reports them). */
const sampleColumns = [
  'ck',
  'm1',
  'm2',
  'm3',
  'mt',
  'e1',
  'e2',
  'e3',
  'cc',
  'ov',
  'pwm',
  'st',
  'mo',
  'ss',
  'pw',
  'en',
];
/** How a minute row merges a later part of the same minute: the highest value, or the newest. */
const minuteMerge: Record<string, 'max' | 'last'> = {
  ck: 'last',
  m1: 'max',
  m2: 'max',
  m3: 'max',
  mt: 'max',
  e1: 'max',
  e2: 'max',
  e3: 'max',
  cc: 'max',
  ov: 'last',
  pwm: 'last',
  st: 'last',
  mo: 'last',
  ss: 'last',
  pw: 'max',
  en: 'last',
};

type Row = (number | null)[];

function rowOf(sample: ChargerSample): Row {
  const v = (x: number | undefined) => (x === undefined ? null : x);
  return [
    sample.chargerMs === undefined ? null : Math.round((sample.chargerMs - sample.tMs) / 100),
    v(sample.mainsDa?.[0]),
    v(sample.mainsDa?.[1]),
    v(sample.mainsDa?.[2]),
    v(sample.mainsTotalDa),
    v(sample.evDa?.[0]),
    v(sample.evDa?.[1]),
    v(sample.evDa?.[2]),
    v(sample.chargeCurrentDa),
    v(sample.overrideCurrentDa),
    v(sample.pwm),
    v(sample.stateId),
    v(sample.modeId),
    v(sample.solarStopTimerS),
    v(sample.powerW),
    v(sample.energyWh),
  ];
}

function sampleOf(t: number, r: Row): ChargerSample {
  const sample: ChargerSample = { tMs: t };
  const [ck, m1, m2, m3, mt, e1, e2, e3, cc, ov, pwm, st, mo, ss, pw, en] = r;
  if (ck !== null && ck !== undefined) sample.chargerMs = t + ck * 100;
  if (m1 != null && m2 != null && m3 != null) sample.mainsDa = [m1, m2, m3];
  if (mt != null) sample.mainsTotalDa = mt;
  if (e1 != null && e2 != null && e3 != null) sample.evDa = [e1, e2, e3];
  if (cc != null) sample.chargeCurrentDa = cc;
  if (ov != null) sample.overrideCurrentDa = ov;
  if (pwm != null) sample.pwm = pwm;
  if (st != null) sample.stateId = st;
  if (mo != null) sample.modeId = mo;
  if (ss != null) sample.solarStopTimerS = ss;
  if (pw != null) sample.powerW = pw;
  if (en != null) sample.energyWh = en;
  return sample;
}

function mergeMinute(into: Row | undefined, row: Row): Row {
  if (!into) return [...row];
  return row.map((value, i) => {
    const old = into[i] ?? null;
    if (value === null) return old;
    if (old === null) return value;
    return minuteMerge[sampleColumns[i]!] === 'max' ? Math.max(old, value) : value;
  });
}

/** Loads better-sqlite3, or says in words why history is off (a module built for another runtime). */
function loadSqlite(): typeof BetterSqlite3 {
  try {
    return createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  } catch (error) {
    throw new StudioError({
      code: 'internal',
      message:
        `History is off: the SQLite module could not be loaded (${(error as Error).message.split('\n')[0]}). ` +
        'Reinstall Studio; from a source checkout run `npm rebuild better-sqlite3` for Node, or let ' +
        'electron-builder rebuild it for Electron.',
    });
  }
}

export interface RecorderOptions {
  file: string;
  scheduler: Scheduler;
  keepDays?: number;
  flushMs?: number;
}

interface ChargerState {
  n: number;
  settings: Map<string, string>;
  open: OpenSession | undefined;
  /** Sessions changed since the last flush (the open one, and any closed since). */
  unwritten: OpenSession[];
  minute: { t: number; row: Row } | undefined;
  minuteDirty: boolean;
}

export interface RecordedSamples {
  samples: ChargerSample[];
  /** 0: every sample; 60 000: one per minute, with its highest currents. */
  resolutionMs: number;
}

export class Recorder {
  private readonly db: BetterSqlite3.Database;
  private readonly scheduler: Scheduler;
  private readonly flushMs: number;
  private keepDays: number;
  private readonly chargers = new Map<string, ChargerState>();
  private pendingSamples: [number, number, Row][] = [];
  private pendingChanges: [number, number, string, string | null, string][] = [];
  private flushTimer: TimerHandle | undefined;
  private lastPruneMs = Number.NEGATIVE_INFINITY;
  private closed = false;
  /** The last write's failure, until a write succeeds. */
  problem: string | undefined;
  private readonly statements;

  constructor(options: RecorderOptions) {
    const Database = loadSqlite();
    mkdirSync(path.dirname(options.file), { recursive: true });
    this.scheduler = options.scheduler;
    this.flushMs = options.flushMs ?? 500;
    this.keepDays = options.keepDays ?? recorderDaysRange.default;
    const db = (this.db = new Database(options.file));
    // The CLI or a second window may read while the app writes: wait a little for the lock.
    db.pragma('busy_timeout = 2000');
    // auto_vacuum must be set before the first table exists; it lets pruning give pages back.
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const cols = sampleColumns.map((c) => `${c} ${c === 'en' ? 'REAL' : 'INTEGER'}`).join(', ');
    db.exec(`
      CREATE TABLE IF NOT EXISTS chargers (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
      CREATE TABLE IF NOT EXISTS samples (c INTEGER NOT NULL, t INTEGER NOT NULL, ${cols}, PRIMARY KEY (c, t)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS minutes (c INTEGER NOT NULL, t INTEGER NOT NULL, ${cols}, PRIMARY KEY (c, t)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS changes (c INTEGER NOT NULL, t INTEGER NOT NULL, field TEXT NOT NULL, before TEXT, after TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS changes_by_time ON changes (c, t);
      CREATE TABLE IF NOT EXISTS settings_now (c INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (c, field)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS sessions (id INTEGER PRIMARY KEY, c INTEGER NOT NULL, start INTEGER NOT NULL, open INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS sessions_by_start ON sessions (start);
      CREATE INDEX IF NOT EXISTS sessions_open ON sessions (c, open);
    `);
    db.pragma('user_version = 1');
    const marks = sampleColumns.map(() => '?').join(', ');
    const merge = sampleColumns
      .map((c) =>
        minuteMerge[c] === 'max'
          ? `${c} = CASE WHEN excluded.${c} IS NULL THEN ${c} WHEN ${c} IS NULL THEN excluded.${c} ELSE max(${c}, excluded.${c}) END`
          : `${c} = coalesce(excluded.${c}, ${c})`,
      )
      .join(', ');
    this.statements = {
      chargerNumber: db.prepare<[string], { n: number }>('SELECT n FROM chargers WHERE id = ?'),
      addCharger: db.prepare<[string]>('INSERT INTO chargers (id) VALUES (?)'),
      chargerIds: db.prepare<[], { n: number; id: string }>('SELECT n, id FROM chargers'),
      insertSample: db.prepare(
        `INSERT OR REPLACE INTO samples (c, t, ${sampleColumns.join(', ')}) VALUES (?, ?, ${marks})`,
      ),
      upsertMinute: db.prepare(
        `INSERT INTO minutes (c, t, ${sampleColumns.join(', ')}) VALUES (?, ?, ${marks}) ON CONFLICT (c, t) DO UPDATE SET ${merge}`,
      ),
      insertChange: db.prepare('INSERT INTO changes (c, t, field, before, after) VALUES (?, ?, ?, ?, ?)'),
      setSetting: db.prepare('INSERT OR REPLACE INTO settings_now (c, field, value) VALUES (?, ?, ?)'),
      settingsOf: db.prepare<[number], { field: string; value: string }>(
        'SELECT field, value FROM settings_now WHERE c = ?',
      ),
      openSession: db.prepare<[number], { id: number; body: string }>(
        'SELECT id, body FROM sessions WHERE c = ? AND open = 1 ORDER BY start DESC LIMIT 1',
      ),
      insertSession: db.prepare('INSERT INTO sessions (c, start, open, body) VALUES (?, ?, ?, ?)'),
      updateSession: db.prepare('UPDATE sessions SET open = ?, body = ? WHERE id = ?'),
      rawSamples: db.prepare(
        `SELECT t, ${sampleColumns.join(', ')} FROM samples WHERE c = ? AND t >= ? AND t < ? ORDER BY t`,
      ),
      minuteSamples: db.prepare(
        `SELECT t, ${sampleColumns.join(', ')} FROM minutes WHERE c = ? AND t >= ? AND t < ? ORDER BY t`,
      ),
      pruneSamples: db.prepare('DELETE FROM samples WHERE c = ? AND t < ?'),
      pruneMinutes: db.prepare('DELETE FROM minutes WHERE c = ? AND t < ?'),
      pruneChanges: db.prepare('DELETE FROM changes WHERE c = ? AND t < ?'),
      pruneSessions: db.prepare('DELETE FROM sessions WHERE start < ? AND open = 0'),
      range: db.prepare<[number], { first: number | null; last: number | null }>(
        'SELECT min(t) AS first, max(t) AS last FROM samples WHERE c = ?',
      ),
      changes: db.prepare<
        [number, number],
        { t: number; field: string; before: string | null; after: string }
      >('SELECT t, field, before, after FROM changes WHERE c = ? AND t >= ? ORDER BY t, rowid'),
    };
  }

  /** Retention of samples in days (the preference). */
  setKeepDays(days: number): void {
    this.keepDays = Math.min(recorderDaysRange.max, Math.max(recorderDaysRange.min, Math.round(days)));
    this.lastPruneMs = Number.NEGATIVE_INFINITY;
  }

  private state(chargerId: string): ChargerState {
    let state = this.chargers.get(chargerId);
    if (state) return state;
    let n = this.statements.chargerNumber.get(chargerId)?.n;
    if (n === undefined) n = Number(this.statements.addCharger.run(chargerId).lastInsertRowid);
    const settings = new Map(this.statements.settingsOf.all(n).map((r) => [r.field, r.value]));
    const stored = this.statements.openSession.get(n);
    const open = stored ? { ...(JSON.parse(stored.body) as OpenSession), id: stored.id } : undefined;
    state = { n, settings, open, unwritten: [], minute: undefined, minuteDirty: false };
    this.chargers.set(chargerId, state);
    return state;
  }

  /**
   * One read of a charger: its sample, and its settings as a person reads them (`settingsWords`).
   * Buffered; written within `flushMs`.
   */
  record(
    chargerId: string,
    sample: ChargerSample,
    snapshot: ChargerSnapshot,
    settings: Record<string, string>,
  ): void {
    if (this.closed) return;
    const state = this.state(chargerId);
    const row = rowOf(sample);
    this.pendingSamples.push([state.n, Math.round(sample.tMs), row]);
    const minuteT = Math.floor(sample.tMs / minuteMs) * minuteMs;
    if (state.minute && state.minute.t === minuteT) state.minute.row = mergeMinute(state.minute.row, row);
    else {
      if (state.minute && state.minuteDirty) this.writeMinute(state);
      state.minute = { t: minuteT, row: [...row] };
    }
    state.minuteDirty = true;
    for (const [field, after] of Object.entries(settings)) {
      const before = state.settings.get(field);
      if (before === after) continue;
      state.settings.set(field, after);
      this.pendingChanges.push([state.n, Math.round(sample.tMs), field, before ?? null, after]);
    }
    const step = stepSession(state.open, sessionInput(sample, snapshot), chargerId);
    if (step.kind !== 'none') {
      // A session closed before the next flush is written then; the next plug-in is a new one.
      if (state.open && state.open !== step.session) {
        const index = state.unwritten.indexOf(state.open);
        if (index >= 0) state.unwritten.splice(index, 1);
      }
      state.unwritten.push(step.session);
      state.open = step.kind === 'closed' ? undefined : step.session;
    }
    this.scheduleFlush();
  }

  private writeMinute(state: ChargerState): void {
    if (!state.minute) return;
    this.statements.upsertMinute.run(state.n, state.minute.t, ...state.minute.row);
    state.minuteDirty = false;
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = this.scheduler.setTimeout(() => {
      this.flushTimer = undefined;
      try {
        this.flush();
      } catch {
        // Kept in `problem`; the buffer is kept and tried again with the next sample.
      }
    }, this.flushMs);
  }

  /** Writes everything buffered in one transaction (and prunes once an hour). */
  flush(): void {
    if (this.closed) return;
    this.scheduler.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const samples = this.pendingSamples;
    const changes = this.pendingChanges;
    this.pendingSamples = [];
    this.pendingChanges = [];
    try {
      this.write(samples, changes);
      this.problem = undefined;
    } catch (error) {
      // A full disk or a locked file: nothing is dropped but what exceeds the buffer's bound.
      this.pendingSamples = [...samples, ...this.pendingSamples].slice(-maxBuffered);
      this.pendingChanges = [...changes, ...this.pendingChanges];
      this.problem = `History could not be written: ${(error as Error).message}`;
      throw new StudioError({ code: 'internal', message: this.problem });
    }
    const now = this.scheduler.now();
    if (now - this.lastPruneMs >= pruneEveryMs) this.prune(now);
  }

  private write(
    samples: [number, number, Row][],
    changes: [number, number, string, string | null, string][],
  ): void {
    this.db.transaction(() => {
      for (const [c, t, row] of samples) this.statements.insertSample.run(c, t, ...row);
      for (const change of changes) {
        this.statements.insertChange.run(...change);
        this.statements.setSetting.run(change[0], change[2], change[4]);
      }
      for (const state of this.chargers.values()) {
        if (state.minuteDirty) this.writeMinute(state);
        for (const session of state.unwritten) {
          const { id, ...body } = session;
          const isOpen = body.endMs === undefined ? 1 : 0;
          if (id === undefined) {
            const info = this.statements.insertSession.run(
              state.n,
              body.startMs,
              isOpen,
              JSON.stringify(body),
            );
            session.id = Number(info.lastInsertRowid);
          } else this.statements.updateSession.run(isOpen, JSON.stringify(body), id);
        }
        state.unwritten = [];
      }
    })();
  }

  /** Deletes what is older than the retention and gives the freed pages back. */
  prune(nowMs = this.scheduler.now()): void {
    this.lastPruneMs = nowMs;
    const samplesBefore = nowMs - this.keepDays * dayMs;
    const keptBefore = nowMs - Math.max(this.keepDays, sessionKeepDays) * dayMs;
    // Per charger, so each delete walks the (charger, time) key instead of the whole table.
    const numbers = this.statements.chargerIds.all().map((r) => r.n);
    this.db.transaction(() => {
      for (const n of numbers) {
        this.statements.pruneSamples.run(n, samplesBefore);
        this.statements.pruneMinutes.run(n, samplesBefore);
        this.statements.pruneChanges.run(n, keptBefore);
      }
      this.statements.pruneSessions.run(keptBefore);
    })();
    this.db.pragma('incremental_vacuum');
  }

  private number(chargerId: string): number | undefined {
    return this.chargers.get(chargerId)?.n ?? this.statements.chargerNumber.get(chargerId)?.n;
  }

  /** Recorded samples of `fromMs..toMs`: every one up to three hours (or `raw`), one per minute beyond. */
  samples(chargerId: string, fromMs: number, toMs: number, options: { raw?: boolean } = {}): RecordedSamples {
    this.flush();
    const n = this.number(chargerId);
    if (n === undefined) return { samples: [], resolutionMs: 0 };
    const raw = options.raw === true || toMs - fromMs <= rawRangeMs;
    const statement = raw ? this.statements.rawSamples : this.statements.minuteSamples;
    const rows = statement.raw().all(n, fromMs, toMs) as [number, ...Row][];
    return {
      samples: rows.map(([t, ...rest]) => sampleOf(t, rest)),
      resolutionMs: raw ? 0 : minuteMs,
    };
  }

  /** The oldest and newest recorded sample of a charger. */
  range(chargerId: string): { firstMs?: number; lastMs?: number } {
    this.flush();
    const n = this.number(chargerId);
    if (n === undefined) return {};
    const { first, last } = this.statements.range.get(n) ?? { first: null, last: null };
    return { ...(first !== null ? { firstMs: first } : {}), ...(last !== null ? { lastMs: last } : {}) };
  }

  /** Sessions, newest first: of one charger or all, started in `fromMs..toMs`. */
  sessions(filter: { chargerId?: string; fromMs?: number; toMs?: number } = {}): ChargingSession[] {
    this.flush();
    const ids = new Map(this.statements.chargerIds.all().map((r) => [r.n, r.id]));
    let n: number | undefined;
    if (filter.chargerId !== undefined) {
      n = this.number(filter.chargerId);
      if (n === undefined) return [];
    }
    const rows = this.db
      .prepare<[number, number], { id: number; c: number; body: string }>(
        `SELECT id, c, body FROM sessions WHERE start >= ? AND start < ? ${n === undefined ? '' : `AND c = ${n}`} ORDER BY start DESC`,
      )
      .all(filter.fromMs ?? Number.MIN_SAFE_INTEGER, filter.toMs ?? Number.MAX_SAFE_INTEGER);
    return rows.map((r) =>
      publicSession({
        ...(JSON.parse(r.body) as OpenSession),
        id: r.id,
        chargerId: ids.get(r.c) ?? String(r.c),
      }),
    );
  }

  /** Settings changes of a charger since `sinceMs`, oldest first. */
  changes(chargerId: string, sinceMs: number): SettingChange[] {
    this.flush();
    const n = this.number(chargerId);
    if (n === undefined) return [];
    return this.statements.changes.all(n, sinceMs).map((r) => ({
      chargerId,
      tMs: r.t,
      field: r.field,
      ...(r.before !== null ? { before: r.before } : {}),
      after: r.after,
    }));
  }

  /** Deletes everything recorded of one charger (its samples, changes and sessions). */
  clear(chargerId: string): { samples: number } {
    this.flush();
    const n = this.number(chargerId);
    if (n === undefined) return { samples: 0 };
    let samples = 0;
    this.db.transaction(() => {
      samples = Number(this.db.prepare('DELETE FROM samples WHERE c = ?').run(n).changes);
      for (const table of ['minutes', 'changes', 'settings_now', 'sessions'])
        this.db.prepare(`DELETE FROM ${table} WHERE c = ?`).run(n);
    })();
    this.chargers.delete(chargerId);
    this.db.pragma('incremental_vacuum');
    return { samples };
  }

  /** The database's size on disk now (main file and write-ahead log), bytes. */
  bytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const size = this.db.pragma('page_size', { simple: true }) as number;
    return pages * size;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }
}
