/**
 * `smartevse-studio`: scripted setups from a shell, on the same StudioService the app runs (the
 * same charger list, profiles and backups under the user-data folder; no second implementation).
 * Exit codes: 0 success, 2 partial (some chargers or fields failed), 1 failure, 64 usage error.
 */
import { readFile } from 'node:fs/promises';
import { studioVersion } from '../version';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  formatChargerAddress,
  modeIds,
  mqttFields,
  parseChargerAddress,
  profileSettingFields,
  profileValuesSchema,
  settableFields,
  toStudioError,
  type ApplyJob,
  type ChargerSummary,
  type DoctorReport,
  type FirmwareJob,
  type ProfileValues,
} from '$shared/contract';
import { StudioService } from '../service/studio-service';
import { isMessageKey, translate } from '$shared/i18n/messages';
import { parseProfileFile } from '../fleet/profile.store';
import { defaultUserDataDir } from '../store/user-data';

export const exitCodes = { ok: 0, failure: 1, partial: 2, usage: 64 } as const;

const usage = `Usage: smartevse-studio <command> [options]

Commands:
  discover                         find chargers (mDNS) and list them with the remembered ones
  get <charger>                    show what a charger holds
  set <charger> key=value ...      change settings: keys as in a profile (mode=SMART currentMinA=6
                                   overrideCurrentDa=160 lcdLock=true colours.smart=#ff8800 mqtt.host=broker)
                                   or the firmware's own names (mode=3 current_min=6 stop_timer=17
                                   override_current=83 lcdlock=1 mqtt_host=broker)
  apply <profile.json> --to all|<charger,...>
                                   apply a profile file, with a per-charger result
  backup --out DIR [--to all|<charger,...>]
                                   back up /settings (secrets left out) into a dated folder in DIR
  restore <backup-file> --to <charger,...>
                                   send the settable part of a charger backup
  update <firmware.bin> --to all|<charger,...> [--all-at-once] [--no-backup]
                                   update firmware: each charger checked and backed up, one first,
                                   then --concurrency at a time; a result per charger
  report --site NAME [--to all|<charger,...>] [--title TEXT]
                                   the commissioning report (HTML; PDF in the desktop app) for a
                                   site: its stored customer, address and notes, or a new site
  compare [--to all|<charger,...>] [--differ]
                                   every setting side by side (--differ: only where they differ)
  doctor <charger|all>             the configuration check: known settings that cost a night's
                                   charge, with what to change and where

<charger> is an id (SmartEVSE-12345), a serial (12345), a name, or an address (host[:port]).

Options:
  --json                 machine-readable output on stdout
  --wait S               seconds to browse mDNS before acting (default 3; 0 with --no-discovery)
  --no-discovery         do not browse mDNS; use remembered chargers and --address
  --address HOST[:PORT]  add a charger by address for this command (repeatable)
  --mdns-interface ADDR  browse mDNS on this interface only
  --concurrency N        chargers written at once by apply/restore (1-8, default 4)
  --user-data-dir DIR    where the charger list, profiles and backups live
  -h, --help             this text

Exit codes: 0 success, 2 partial, 1 failure, 64 usage error.`;

class UsageError extends Error {}

interface Output {
  json: boolean;
  print(text: string): void;
  data(value: unknown): void;
}

export async function runCli(
  argv: string[],
  out: Output = consoleOutput(argv.includes('--json')),
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        wait: { type: 'string' },
        'no-discovery': { type: 'boolean' },
        address: { type: 'string', multiple: true },
        'mdns-interface': { type: 'string' },
        concurrency: { type: 'string' },
        'user-data-dir': { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string' },
        differ: { type: 'boolean' },
        'all-at-once': { type: 'boolean' },
        site: { type: 'string' },
        title: { type: 'string' },
        'no-backup': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    return exitCodes.usage;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    out.print(usage);
    return values.help ? exitCodes.ok : exitCodes.usage;
  }
  const known = [
    'discover',
    'get',
    'set',
    'apply',
    'backup',
    'restore',
    'compare',
    'update',
    'report',
    'doctor',
  ];
  if (!known.includes(command)) {
    process.stderr.write(`Unknown command "${command}"\n\n${usage}\n`);
    return exitCodes.usage;
  }
  const discovery = !values['no-discovery'];
  const waitS = values.wait === undefined ? (discovery ? 3 : 0) : Number(values.wait);
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
  if (!Number.isFinite(waitS) || waitS < 0 || waitS > 60) return usageError('--wait must be 0 to 60 seconds');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8)
    return usageError('--concurrency must be a whole number from 1 to 8');

  const service = new StudioService({
    userDataDir: values['user-data-dir'] ?? process.env.STUDIO_USER_DATA ?? defaultUserDataDir(),
    shell: 'cli',
    version: studioVersion,
    // A one-off command does not keep history (the app's recorder owns the database).
    history: false,
    discovery: discovery
      ? values['mdns-interface']
        ? { enabled: true, interfaceAddress: values['mdns-interface'] }
        : { enabled: true }
      : { enabled: false },
  });
  const ctx = { clientId: 'cli' };
  try {
    await service.init();
    await service.start();
    for (const problem of service.startupProblems) process.stderr.write(`warning: ${problem}\n`);
    for (const address of values.address ?? []) await service.handlers.addCharger({ address }, ctx);
    const everyOne =
      values.to === 'all' || (values.to === undefined && ['backup', 'compare'].includes(command));
    if (waitS > 0 && (command === 'discover' || everyOne)) await sleep(waitS * 1000);

    const list = () => service.handlers.listChargers({}, ctx);
    const resolve = async (ref: string): Promise<ChargerSummary> => {
      // An address is used at once: no waiting for mDNS to name it.
      if (looksLikeAddress(ref))
        return (await findCharger(ref, list, 0)) ?? service.handlers.addCharger({ address: ref }, ctx);
      const found = await findCharger(ref, list, waitS * 1000);
      if (found) return found;
      throw new UsageError(`No charger "${ref}" in the list${discovery ? ' or on the network' : ''}`);
    };
    const targets = async (spec: string | undefined, fallbackAll: boolean): Promise<'all' | string[]> => {
      if (!spec) {
        if (fallbackAll) return 'all';
        throw new UsageError('Say which chargers with --to all or --to <charger,...>');
      }
      if (spec === 'all') return 'all';
      const ids: string[] = [];
      for (const ref of spec
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean))
        ids.push((await resolve(ref)).id);
      return ids;
    };

    switch (command) {
      case 'discover': {
        const chargers = await list();
        if (out.json) out.data(chargers);
        else out.print(chargerTable(chargers));
        return chargers.some((c) => c.online) ? exitCodes.ok : exitCodes.failure;
      }
      case 'get': {
        if (rest.length !== 1) throw new UsageError('get takes one charger');
        const charger = await resolve(rest[0]!);
        const read = await service.handlers.readCharger({ id: charger.id }, ctx);
        const held = await service.handlers.profileFromCharger({ id: charger.id }, ctx);
        if (out.json) out.data({ charger: read.charger, values: held, settings: read.raw });
        else out.print(describeCharger(read.charger, held));
        return exitCodes.ok;
      }
      case 'set': {
        if (rest.length < 2) throw new UsageError('set takes a charger and at least one key=value');
        const charger = await resolve(rest[0]!);
        const values = parseAssignments(rest.slice(1));
        return report(await runJob(service, { values, label: 'set' }, [charger.id], concurrency), out);
      }
      case 'apply': {
        if (rest.length !== 1) throw new UsageError('apply takes one profile file');
        const file = rest[0]!;
        const profile = parseProfileFile(await readFile(file, 'utf8'), path.basename(file));
        const label = `${profile.name}${profile.version ? ` v${profile.version}` : ''}`;
        return report(
          await runJob(
            service,
            { values: profile.values, label },
            await targets(values.to, false),
            concurrency,
          ),
          out,
        );
      }
      case 'restore': {
        if (rest.length !== 1) throw new UsageError('restore takes one backup file');
        const source = await service.fleet.restoreValues(path.resolve(rest[0]!));
        return report(await runJob(service, source, await targets(values.to, false), concurrency), out);
      }
      case 'update': {
        if (rest.length !== 1) throw new UsageError('update takes one firmware file');
        const file = rest[0]!;
        const image = service.fleet.firmware.load(path.basename(file), await readFile(file));
        const ids = service.fleet.resolveTargets(await targets(values.to, false));
        out.print(
          `${image.projectName} ${image.version} (${image.bytes} bytes) to ${ids.length} ${ids.length === 1 ? 'charger' : 'chargers'}`,
        );
        let shown = '';
        const stop = service.onEvent((name, payload) => {
          if (name !== 'FirmwareJobChange' || out.json) return;
          const line = (payload as FirmwareJob).targets.map((t) => `${t.name} ${t.status}`).join(', ');
          if (line !== shown) process.stderr.write(`${(shown = line)}\n`);
        });
        const job = service.fleet.firmware.start(image.imageId, ids, {
          concurrency,
          firstAlone: !values['all-at-once'],
          backup: !values['no-backup'],
        });
        const done = await service.fleet.firmware.whenDone(job.id);
        stop();
        if (out.json) out.data(done);
        else
          for (const t of done.targets)
            out.print(`  ${t.status.padEnd(11)} ${t.name}${t.message ? `  (${t.message})` : ''}`);
        const good = done.targets.filter((t) => t.status === 'updated' || t.status === 'same').length;
        if (good === done.targets.length) return exitCodes.ok;
        return good > 0 ? exitCodes.partial : exitCodes.failure;
      }
      case 'report': {
        if (!values.site?.trim()) throw new UsageError('report needs --site NAME');
        const name = values.site.trim();
        const stored = service.fleet.sites.list().find((s) => s.name.toLowerCase() === name.toLowerCase());
        const ids = service.fleet.resolveTargets(
          values.to === undefined && stored?.chargerIds.length
            ? stored.chargerIds
            : await targets(values.to, true),
        );
        const site =
          stored ??
          (await service.fleet.sites.save({ name, customer: '', address: '', notes: '', chargerIds: ids }));
        const made = await service.fleet.report(ids, values.title, site.id);
        if (out.json) out.data({ file: made.file, pdfFile: made.pdfFile, site });
        else {
          out.print(
            `Report for ${site.name} (${ids.length} ${ids.length === 1 ? 'charger' : 'chargers'}): ${made.file}`,
          );
          if (made.pdfFile) out.print(`PDF: ${made.pdfFile}`);
        }
        return exitCodes.ok;
      }
      case 'doctor': {
        const [ref] = rest;
        if (!ref) throw new UsageError('doctor needs a charger, or all');
        const reports = await service.fleet.diagnose(ref === 'all' ? 'all' : [(await resolve(ref)).id]);
        if (out.json) out.data(reports);
        else out.print(doctorText(reports));
        return reports.every((r) => r.problem === undefined) ? exitCodes.ok : exitCodes.partial;
      }
      case 'compare': {
        const compared = await service.fleet.compare(await targets(values.to, true));
        if (out.json) out.data(compared);
        else out.print(compareTable(compared, values.differ === true));
        return compared.rows.every((r) => r.online) ? exitCodes.ok : exitCodes.partial;
      }
      case 'backup': {
        if (!values.out) throw new UsageError('backup needs --out DIR');
        const backup = await service.fleet.backup(await targets(values.to, true), path.resolve(values.out));
        if (out.json) out.data(backup);
        else {
          out.print(`Backup in ${backup.dir}`);
          for (const c of backup.manifest.chargers) out.print(`  ok      ${c.name}  ${c.file}`);
          for (const c of backup.manifest.failed) out.print(`  failed  ${c.name}  ${c.message}`);
          out.print('Secrets (MQTT password, OCPP key) are not included.');
        }
        const { chargers, failed } = backup.manifest;
        if (failed.length === 0 && chargers.length > 0) return exitCodes.ok;
        return chargers.length > 0 ? exitCodes.partial : exitCodes.failure;
      }
    }
    return exitCodes.usage;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return exitCodes.usage;
    }
    const e = toStudioError(error);
    if (out.json) out.data({ error: e });
    process.stderr.write(`${e.message}\n`);
    return exitCodes.failure;
  } finally {
    await service.close();
  }
}

function usageError(message: string): number {
  process.stderr.write(`${message}\n`);
  return exitCodes.usage;
}

function consoleOutput(json: boolean): Output {
  return {
    json,
    print: (text) => {
      if (!json) process.stdout.write(`${text}\n`);
    },
    data: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function looksLikeAddress(ref: string): boolean {
  return parseChargerAddress(ref).ok && (/[.:]/.test(ref) || ref === 'localhost');
}

async function findCharger(
  ref: string,
  list: () => Promise<ChargerSummary[]>,
  waitMs: number,
): Promise<ChargerSummary | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const chargers = await list();
    const lower = ref.toLowerCase();
    const found =
      chargers.find((c) => c.id === ref) ??
      chargers.find((c) => /^\d+$/.test(ref) && c.id === `SmartEVSE-${ref}`) ??
      chargers.find((c) => c.name.toLowerCase() === lower) ??
      chargers.find((c) => formatChargerAddress(c.address) === ref);
    if (found || Date.now() >= deadline) return found;
    await sleep(200);
  }
}

/**
 * The firmware's own parameter names (`REST_API.md`: `stop_timer`, `override_current`,
 * `current_min`, `mqtt_host`, …) as profile names, from the field table.
 */
const firmwareNames: Record<string, string> = Object.fromEntries([
  ...profileSettingFields.map((field): [string, string] => [settableFields[field].param, field]),
  ...Object.entries(mqttFields).map(([name, row]): [string, string] => [row.param, `mqtt.${name}`]),
]);

/** `key=value` pairs in profile terms (or the firmware's names); every value is checked by the profile schema. */
export function parseAssignments(pairs: string[]): ProfileValues {
  const raw: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`"${pair}" is not key=value`);
    const given = pair.slice(0, at);
    const text = pair.slice(at + 1);
    if (given === 'disable_override_current') {
      raw.overrideCurrentDa = 0;
      continue;
    }
    const key = firmwareNames[given] ?? given;
    const codec = key.startsWith('mqtt.')
      ? mqttFields[key.slice(5) as keyof typeof mqttFields]?.codec
      : (settableFields as Record<string, { codec: string } | undefined>)[key]?.codec;
    if (key.startsWith('colours.')) {
      const hex = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text);
      if (!hex) throw new UsageError(`${given}: give a colour as #rrggbb`);
      const colours = (raw.colours ?? {}) as Record<string, unknown>;
      colours[key.slice(8)] = {
        r: parseInt(hex[1]!, 16),
        g: parseInt(hex[2]!, 16),
        b: parseInt(hex[3]!, 16),
      };
      raw.colours = colours;
    } else if (key === 'mode') {
      // The firmware's numbers (0 OFF, 1 NORMAL, 2 SOLAR, 3 SMART, 4 PAUSE) or the names.
      const byId = Object.entries(modeIds).find(([, id]) => String(id) === text.trim())?.[0];
      raw.mode = byId ?? text.toUpperCase();
    } else if (codec === 'bool01') {
      if (!['true', 'false', '1', '0', 'on', 'off'].includes(text))
        throw new UsageError(`${given}: use true or false (1 or 0)`);
      setValue(raw, key, ['true', '1', 'on'].includes(text));
    } else if (codec === 'text') setValue(raw, key, text);
    else if (codec === undefined)
      throw new UsageError(`${given}: not a setting Studio can set (${settingNames()})`);
    else setValue(raw, key, text.trim() === '' ? Number.NaN : Number(text));
  }
  const parsed = profileValuesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${issue.path.join('.') || 'settings'}: ${issue.message}`);
  }
  return parsed.data;
}

function setValue(raw: Record<string, unknown>, key: string, value: unknown): void {
  if (!key.startsWith('mqtt.')) {
    raw[key] = value;
    return;
  }
  const mqtt = (raw.mqtt ?? {}) as Record<string, unknown>;
  mqtt[key.slice(5)] = value;
  raw.mqtt = mqtt;
}

const settingNames = () =>
  [...profileSettingFields, ...Object.keys(mqttFields).map((name) => `mqtt.${name}`)].join(', ');

async function runJob(
  service: StudioService,
  source: { values: ProfileValues; label: string },
  targets: 'all' | string[],
  concurrency: number,
): Promise<ApplyJob> {
  const job = await service.fleet.startApply(source, targets, concurrency);
  return service.fleet.runner.whenDone(job.id);
}

function report(job: ApplyJob, out: Output): number {
  if (out.json) out.data(job);
  else {
    out.print(`${job.label}: ${job.targets.length} ${job.targets.length === 1 ? 'charger' : 'chargers'}`);
    for (const target of job.targets) {
      out.print(
        `  ${target.status.padEnd(9)} ${target.name}${target.message ? `  (${target.message})` : ''}`,
      );
      for (const field of target.fields) {
        if (field.status === 'unchanged') continue;
        out.print(
          `      ${field.status.padEnd(11)} ${field.field}: ${field.from} → ${field.to}${field.message ? `  ${field.message}` : ''}`,
        );
      }
    }
  }
  const good = job.targets.filter((t) => t.status === 'applied' || t.status === 'unchanged').length;
  if (good === job.targets.length) return exitCodes.ok;
  const someApplied = job.targets.some((t) => t.fields.some((f) => f.status === 'applied'));
  return good > 0 || someApplied ? exitCodes.partial : exitCodes.failure;
}

/** Settings down, chargers across (a terminal is taller than wide); `≠` marks a setting that differs. */
/** The doctor's findings in English words, one block per charger. */
function doctorText(reports: DoctorReport[]): string {
  if (reports.length === 0) return 'No charger to check.';
  return reports
    .map((report) => {
      const head = report.problem
        ? `${report.name}: not answering (${report.problem}); checked its last reading`
        : `${report.name}: ${report.findings.length === 0 ? 'nothing found' : `${report.findings.length} found`}`;
      const lines = report.findings.map((f) => {
        const text = isMessageKey(f.key) ? translate('en', f.key, f.params) : f.key;
        const where = f.setting.where === 'lcd' ? "on the charger's LCD menu" : 'over REST / in Studio';
        return `  - ${f.severity}: ${text}\n    change ${f.setting.name} (${where}); firmware ${f.because}`;
      });
      return [head, ...lines].join('\n');
    })
    .join('\n');
}

function compareTable(
  compared: Awaited<ReturnType<StudioService['fleet']['compare']>>,
  onlyDiffering: boolean,
): string {
  const { fields, rows } = compared;
  if (rows.length === 0) return 'No charger to compare.';
  const lines: string[][] = [
    ['', ...rows.map((r) => r.name)],
    ['Firmware', ...rows.map((r) => r.firmware ?? '—')],
    ['Online', ...rows.map((r) => (r.online ? 'yes' : `no (${r.problem ?? 'no answer'})`))],
  ];
  for (const field of fields) {
    const cells = rows.map((r) => r.values[field.field]);
    if (cells.every((c) => c === undefined)) continue;
    const differs = new Set(cells.map((c) => c ?? '—')).size > 1;
    if (onlyDiffering && !differs) continue;
    lines.push([`${differs ? '≠ ' : '  '}${field.label}`, ...cells.map((c) => c ?? '—')]);
  }
  return textTable(lines);
}

function textTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function chargerTable(chargers: ChargerSummary[]): string {
  if (chargers.length === 0) return 'No charger found.';
  const rows = chargers.map((c) => [
    c.id,
    c.name,
    formatChargerAddress(c.address),
    c.snapshot?.version ?? '—',
    c.snapshot?.mode ?? '—',
    c.snapshot?.state ?? '—',
    c.online ? 'online' : 'offline',
  ]);
  return textTable([['ID', 'NAME', 'ADDRESS', 'FIRMWARE', 'MODE', 'STATE', 'STATUS'], ...rows]);
}

function describeCharger(charger: ChargerSummary, values: ProfileValues): string {
  const s = charger.snapshot;
  const lines = [
    `${charger.name} (${charger.id}) at ${formatChargerAddress(charger.address)}`,
    `  firmware ${s?.version ?? '—'}, mode ${s?.mode ?? '—'}, state ${s?.state ?? '—'}, error ${s?.error ?? '—'}`,
  ];
  for (const [key, value] of Object.entries(values)) lines.push(`  ${key} = ${JSON.stringify(value)}`);
  return lines.join('\n');
}
