// Goal: an installer scripts a setup with `smartevse-studio`: discover, get, set, apply a profile,
// back up and restore, with JSON output and exit codes that tell success, partial and failure apart.
// Method: the built CLI as a child process against the real simulator, mDNS on loopback only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSim, type SimProcess } from '../support/sim-process';
import { firmwareImage } from '../support/firmware-image';

let sim: SimProcess;
let dir: string;
/** This test's chargers (`--to all` would also take other tests' simulators found on loopback mDNS). */
// By address: the CLI adds a charger it is given this way at once, so no test needs discovery first.
const ours = () => sim.chargers.map((c) => `127.0.0.1:${c.port}`).join(',');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        'dist/main/cli.js',
        '--user-data-dir',
        path.join(dir, 'data'),
        '--mdns-interface',
        '127.0.0.1',
        ...args,
      ],
      { timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  sim = await startSim(['--chargers', '3']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-cli-'));
  for (const charger of sim.chargers)
    await sim.control('POST', `/sim/chargers/${charger.serial}/config`, { maxCurrentA: 32 });
}, 30_000);

afterAll(async () => {
  await sim?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('smartevse-studio', () => {
  it('discovers the chargers on mDNS and remembers them', async () => {
    const found = await cli(['discover', '--json', '--wait', '2']);
    expect(found.code).toBe(0);
    // Other tests' simulators may answer on loopback mDNS too: ours must all be there, online.
    const ids = sim.chargers.map((c) => `SmartEVSE-${c.serial}`);
    const chargers = (JSON.parse(found.stdout) as { id: string; online: boolean }[]).filter((c) =>
      ids.includes(c.id),
    );
    expect(chargers.map((c) => c.id).sort()).toEqual([...ids].sort());
    expect(chargers.every((c) => c.online)).toBe(true);
    // Remembered: without mDNS the next command still knows them.
    const got = await cli(['get', String(sim.chargers[0]!.serial), '--no-discovery', '--json']);
    expect(got.code).toBe(0);
    const held = (await (await fetch(`${sim.chargers[0]!.url}/settings`)).json()) as { mode: string };
    expect(JSON.parse(got.stdout).values.mode).toBe(held.mode);
  }, 30_000);

  it('applies a profile to all, with partial and failure told apart', async () => {
    const profile = path.join(dir, 'profile.json');
    const file = (values: object) =>
      writeFile(
        profile,
        JSON.stringify({ kind: 'smartevse-studio-profile', schemaVersion: 1, name: 'Street', values }),
      );
    await file({ mode: 'SMART', currentMinA: 7, colours: { solar: { r: 1, g: 2, b: 3 } } });
    const applied = await cli(['apply', profile, '--to', ours(), '--no-discovery', '--json']);
    expect(applied.code).toBe(0);
    const job = JSON.parse(applied.stdout) as { targets: { status: string; requests: number }[] };
    expect(job.targets.map((t) => t.status)).toEqual(['applied', 'applied', 'applied']);

    // One charger allows 16 A only: a 20 A override is refused there → partial (exit 2).
    await sim.control('POST', `/sim/chargers/${sim.chargers[1]!.serial}/config`, { maxCurrentA: 16 });
    await file({ overrideCurrentDa: 200 });
    const partial = await cli(['apply', profile, '--to', ours(), '--no-discovery']);
    expect(partial.code).toBe(2);
    expect(partial.stdout).toMatch(
      /refused\s+overrideCurrentDa: off → 20 A\s+Must be 0 \(off\) or \d+–16 A on this charger/,
    );

    // Nothing applied anywhere → failure (exit 1).
    const only = `SmartEVSE-${sim.chargers[1]!.serial}`;
    const failed = await cli(['apply', profile, '--to', only, '--no-discovery']);
    expect(failed.code).toBe(1);

    // A bad file: its line and field, and a usage-independent failure.
    await writeFile(
      profile,
      '{\n  "kind": "smartevse-studio-profile",\n  "schemaVersion": 1,\n  "name": "X",\n  "values": { "currentMinA": 99 }\n}',
    );
    const bad = await cli(['apply', profile, '--to', ours(), '--no-discovery']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/profile\.json, line 5, field values\.currentMinA/);
  }, 60_000);

  it('sets values, refuses bad input before sending, backs up and restores', async () => {
    // The third charger, like the first, allows 32 A (the second was limited to 16 A above).
    // Named by address, so this test needs no earlier discovery: the CLI adds them at once.
    const [a, , b] = sim.chargers.map((c) => `127.0.0.1:${c.port}`);
    const serialOfA = sim.chargers[0]!.serial;
    const set = await cli([
      'set',
      a!,
      'solarStartCurrentA=3',
      'lcdLock=true',
      'colours.off=#0a0b0c',
      '--no-discovery',
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/applied\s+solarStartCurrentA: \d+ A → 3 A/);
    const wrong = await cli(['set', a!, 'currentMinA=40', '--no-discovery']);
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toMatch(/currentMinA: .*16/);
    const unknown = await cli(['set', 'SmartEVSE-1', 'mode=SMART', '--no-discovery']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/No charger "SmartEVSE-1"/);

    const out = path.join(dir, 'backups');
    const backup = await cli(['backup', '--out', out, '--to', a!, '--no-discovery', '--json']);
    expect(backup.code).toBe(0);
    const { dir: folder } = JSON.parse(backup.stdout) as { dir: string };
    const files = (await readdir(folder)).sort();
    expect(files).toEqual([`SmartEVSE-${serialOfA}.json`, 'manifest.json']);

    const restored = await cli(['restore', path.join(folder, files[0]!), '--to', b!, '--no-discovery']);
    expect(restored.code).toBe(0);
    const got = await cli(['get', b!, '--no-discovery', '--json']);
    expect(JSON.parse(got.stdout).values).toMatchObject({
      solarStartCurrentA: 3,
      lcdLock: true,
      colours: { off: { r: 10, g: 11, b: 12 } },
    });
  }, 60_000);

  it('set takes the firmware’s own parameter names, and an address is used at once', async () => {
    const charger = sim.chargers[2]!;
    const address = `127.0.0.1:${charger.port}`;
    const started = Date.now();
    // mDNS on, and a long browse allowed: an address must not wait for it.
    const set = await cli([
      'set',
      address,
      'mode=3',
      'stop_timer=17',
      'current_min=7',
      'override_current=83',
      'lcdlock=1',
      '--wait',
      '20',
    ]);
    const tookMs = Date.now() - started;
    expect(set.code, set.stderr).toBe(0);
    expect(tookMs).toBeLessThan(10_000);
    const held = (await (await fetch(`${charger.url}/settings`)).json()) as {
      mode: string;
      settings: Record<string, number>;
    };
    expect(held.mode).toBe('SMART');
    expect(held.settings).toMatchObject({
      solar_stop_time: 17,
      current_min: 7,
      override_current: 83,
      lcdlock: 1,
    });
    const bad = await cli(['set', address, 'stop_timer=61', '--no-discovery']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/stopTimerMin: must be 0–60/);
    const unknown = await cli(['set', address, 'current_max=32', '--no-discovery']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/current_max: not a setting Studio can set/);
  }, 60_000);

  it("doctor says what in a charger's settings costs a charge, what to change and where", async () => {
    // A charger of its own: the other tests change the shared ones.
    const { body } = await sim.control<{ chargers: { serial: number; port: number; url: string }[] }>(
      'POST',
      '/sim/chargers',
      { count: 1 },
    );
    const own = body.chargers[0]!;
    await sim.control('POST', `/sim/chargers/${own.serial}/config`, { maxCurrentA: 16, maxCircuitA: 10 });
    await fetch(`${own.url}/settings?mode=3`, { method: 'POST', body: '' });
    const found = await cli(['doctor', `127.0.0.1:${own.port}`, '--no-discovery']);
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).toContain(`SmartEVSE-${own.serial}: 1 found`);
    expect(found.stdout).toContain('MaxCircuit (10 A) is below MaxCurrent (16 A)');
    expect(found.stdout).toContain("change MAX CIRCUIT (on the charger's LCD menu)");
    const json = await cli(['doctor', `127.0.0.1:${own.port}`, '--no-discovery', '--json']);
    expect(
      (JSON.parse(json.stdout) as { findings: { rule: string }[] }[])[0]!.findings.map((f) => f.rule),
    ).toEqual(['circuit-below-max']);
    await sim.control('POST', `/sim/chargers/${own.serial}/config`, { maxCircuitA: 32 });
    const clean = await cli(['doctor', `127.0.0.1:${own.port}`, '--no-discovery']);
    expect(clean.stdout).toContain(`SmartEVSE-${own.serial}: nothing found`);
    const usage = await cli(['doctor', '--no-discovery']);
    expect(usage.code).toBe(64);
  }, 60_000);

  it('compare shows every setting side by side and marks what differs', async () => {
    const [a, b] = sim.chargers;
    await fetch(`${a!.url}/settings?solar_start_current=5`, { method: 'POST', body: '' });
    await fetch(`${b!.url}/settings?solar_start_current=9`, { method: 'POST', body: '' });
    const to = `127.0.0.1:${a!.port},127.0.0.1:${b!.port}`;
    const all = await cli(['compare', '--to', to, '--no-discovery']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/≠ Solar start current\s+5 A\s+9 A/);
    expect(all.stdout).toMatch(/ {2}Maximum mains current\s+\d+ A\s+\d+ A/);
    const differing = await cli(['compare', '--to', to, '--differ', '--no-discovery']);
    expect(differing.stdout).toMatch(/Solar start current/);
    expect(differing.stdout).not.toMatch(/Maximum mains current/);
    const json = await cli(['compare', '--to', to, '--no-discovery', '--json']);
    expect(
      JSON.parse(json.stdout).rows.map(
        (r: { values: Record<string, string> }) => r.values.solarStartCurrentA,
      ),
    ).toEqual(['5 A', '9 A']);
  }, 60_000);

  it('update uploads a firmware file to a charger, and refuses a file that is not firmware', async () => {
    const charger = sim.chargers[0]!;
    const image = path.join(dir, 'smartevse-v3.12.0.bin');
    await writeFile(image, firmwareImage({ version: 'v3.12.0', bytes: 200_000 }));
    const updated = await cli(['update', image, '--to', `127.0.0.1:${charger.port}`, '--no-discovery']);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toMatch(/SmartEVSE v3\.12\.0 \(\d+ bytes\) to 1 charger/);
    expect(updated.stdout).toMatch(/updated\s+SmartEVSE-\d+\s+\(Updated: now runs v3\.12\.0\)/);
    expect(((await (await fetch(`${charger.url}/settings`)).json()) as { version: string }).version).toBe(
      'v3.12.0',
    );
    const again = await cli([
      'update',
      image,
      '--to',
      `127.0.0.1:${charger.port}`,
      '--no-discovery',
      '--json',
    ]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).targets[0].status).toBe('same');

    const junk = path.join(dir, 'junk.bin');
    await writeFile(junk, 'not firmware');
    const bad = await cli(['update', junk, '--to', `127.0.0.1:${charger.port}`, '--no-discovery']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/junk\.bin: This is not an ESP32 firmware image/);
  }, 60_000);

  it('report --site writes the site’s commissioning report, named by site and date', async () => {
    const to = `127.0.0.1:${sim.chargers[2]!.port}`;
    const made = await cli(['report', '--site', 'Street 12', '--to', to, '--no-discovery', '--json']);
    expect(made.code, made.stderr).toBe(0);
    const { file, site } = JSON.parse(made.stdout) as {
      file: string;
      site: { name: string; chargerIds: string[] };
    };
    expect(path.basename(file)).toBe(`commissioning-street-12-${new Date().toISOString().slice(0, 10)}.html`);
    expect(site).toMatchObject({ name: 'Street 12', chargerIds: [`SmartEVSE-${sim.chargers[2]!.serial}`] });
    expect(await readFile(file, 'utf8')).toContain('<title>Commissioning report: Street 12</title>');
    // The stored site remembers its chargers: the next report needs no --to.
    const again = await cli(['report', '--site', 'street 12', '--no-discovery']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Report for Street 12 \(1 charger\): .*street-12-.*-2\.html/);
    const missing = await cli(['report', '--no-discovery']);
    expect(missing.code).toBe(64);
  }, 60_000);
});
