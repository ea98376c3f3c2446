// Goal: an installer applies one profile to 12 chargers; two refuse a value and one goes offline
// half-way, and the report says exactly that while the rest match the profile (read back). Backups
// restore onto another charger; compare and the commissioning report show what the chargers hold.
// Method: the real simulator (12 chargers, each answering 150 ms late) and a StudioService over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { tenSettingProfile } from '../support/profiles';
import { startSim, type SimProcess } from '../support/sim-process';
import { eventually, startService, testClient } from '../support/service';
import type { ApplyJob } from '$shared/contract';
import { chromium, type Browser } from '@playwright/test';
import { browserLaunchOptions } from '../../scripts/browser.mjs';
import { figure } from '../../scripts/figures.mjs';

let sim: SimProcess;
let studio: Awaited<ReturnType<typeof startService>>;
let browser: Browser;
const ids: string[] = [];

// 20 A: more than the two 16-A chargers allow.
const profile = tenSettingProfile(200);

beforeAll(async () => {
  sim = await startSim(['--chargers', '11', '--no-mdns']);
  // The report is printed to PDF the way the desktop shell does it: by Chromium.
  browser = await chromium.launch(browserLaunchOptions());
  studio = await startService({
    // The background watch would add its own reads to a job's request count (it shares the
    // charger's client); this file counts what the jobs send, so the watch waits.
    poller: { backgroundIntervalMs: 600_000 },
    renderPdf: async (html) => {
      const page = await browser.newPage();
      await page.setContent(html);
      const pdf = await page.pdf({ format: 'A4' });
      await page.close();
      return pdf;
    },
  });
  for (const charger of sim.chargers) {
    const added = await studio.service.handlers.addCharger(
      { address: `127.0.0.1:${charger.port}` },
      testClient,
    );
    ids.push(added.id);
  }
  // Nine chargers allow 32 A; two allow at most 16 A: a 20 A override is not theirs to take.
  for (const [i, charger] of sim.chargers.entries())
    await sim.control('POST', `/sim/chargers/${charger.serial}/config`, {
      maxCurrentA: i === 2 || i === 5 ? 16 : 32,
      latencyMs: 150,
    });
}, 60_000);

/**
 * A twelfth charger of the calling test's own (32 A, 150 ms like the rest), so a test that takes
 * one offline does not take it from another test: they run in any order, or alone.
 */
async function extraCharger(): Promise<{ id: string; serial: number }> {
  const { body } = await sim.control<{ chargers: { serial: number; port: number }[] }>(
    'POST',
    '/sim/chargers',
    {
      count: 1,
    },
  );
  const { serial, port } = body.chargers[0]!;
  await sim.control('POST', `/sim/chargers/${serial}/config`, { maxCurrentA: 32, latencyMs: 150 });
  const added = await studio.service.handlers.addCharger({ address: `127.0.0.1:${port}` }, testClient);
  return { id: added.id, serial };
}

/** A listed charger that no longer answers. */
async function deadCharger(): Promise<string> {
  const { id, serial } = await extraCharger();
  await sim.control('DELETE', `/sim/chargers/${serial}`);
  return id;
}

afterAll(async () => {
  await studio?.stop();
  await sim?.stop();
  await browser?.close();
});

describe('apply a profile to 12 chargers', () => {
  it('reports applied, refused (field and reason) and offline exactly, and the rest match', async () => {
    const h = studio.service.handlers;
    const saved = await h.saveProfile({ profile: { name: 'Car park', values: profile } }, testClient);
    expect(saved.version).toBe(1);

    const victim = await extraCharger();
    const targets = [...ids, victim.id];
    const preview = await h.previewApply({ source: { profileId: saved.id }, targets }, testClient);
    expect(preview).toHaveLength(12);
    const refusing = preview.filter((t) => t.fields.some((f) => f.status === 'will-refuse'));
    expect(refusing.map((t) => t.chargerId)).toEqual([ids[2], ids[5]]);
    expect(refusing[0]!.fields.find((f) => f.field === 'overrideCurrentDa')).toMatchObject({
      from: 'off',
      to: '20 A',
      message: expect.stringMatching(/6–16 A/),
    });
    expect(preview[0]!.fields.find((f) => f.field === 'mode')).toMatchObject({
      to: 'Smart',
      status: 'will-change',
    });

    const events: ApplyJob[] = [];
    const stopListening = studio.service.onEvent((event, payload) => {
      if (event === 'ApplyJobChange') events.push(payload as ApplyJob);
    });
    const job = await h.startApply({ source: { profileId: saved.id }, targets }, testClient);
    // Once the first charger is done, the last one (not started yet) loses its server.
    await eventually(
      () => events.some((e) => e.targets.some((t) => t.status === 'applied')),
      'the first charger to finish',
    );
    expect((await sim.control('DELETE', `/sim/chargers/${victim.serial}`)).body).toEqual({ removed: true });
    const done = await studio.service.fleet.runner.whenDone(job.id);
    stopListening();

    const byStatus = (status: string) =>
      done.targets.filter((t) => t.status === status).map((t) => t.chargerId);
    expect(done.state).toBe('done');
    expect(byStatus('partial')).toEqual([ids[2], ids[5]]);
    expect(byStatus('offline')).toEqual([victim.id]);
    expect(byStatus('applied')).toHaveLength(9);
    const partial = done.targets[2]!;
    expect(partial.fields.find((f) => f.field === 'overrideCurrentDa')).toMatchObject({
      status: 'refused',
      message: expect.stringMatching(/6–16 A/),
    });
    expect(partial.fields.filter((f) => f.status === 'applied')).toHaveLength(9);
    const offline = done.targets[11]!;
    expect(offline.message).toMatch(/refused|reach|connect/i);
    expect(offline.fields.every((f) => f.status === 'not-sent')).toBe(true);
    // Applied chargers needed one POST for the settings, one for the colour, and one read-back.
    for (const target of done.targets.filter((t) => t.status === 'applied')) expect(target.requests).toBe(3);
    figure(
      'fleet apply under faults',
      `${done.targets.length} chargers at 150 ms latency: ${byStatus('applied').length} applied, ${byStatus('partial').length} partial (refused field named), ${byStatus('offline').length} offline (killed half-way, fields not sent)`,
    );
    // Progress was pushed while the job ran, not only at the end.
    expect(events.filter((e) => e.state === 'running').length).toBeGreaterThan(12);

    // What the chargers hold now, read again, matches the profile.
    for (const i of [0, 1, 3, 4, 6, 7, 8, 9, 10]) {
      const held = await h.profileFromCharger({ id: ids[i]! }, testClient);
      expect(held).toMatchObject(profile);
    }
    const refusedHeld = await h.profileFromCharger({ id: ids[2]! }, testClient);
    expect(refusedHeld).toMatchObject({ ...profile, overrideCurrentDa: 0 });

    // Retry takes only the charger a retry can help: the two that refused the override by design
    // (their MaxCurrent is 16 A) would refuse it again.
    const retry = await h.retryApply({ jobId: job.id }, testClient);
    expect(retry.targets.map((t) => t.chargerId)).toEqual([victim.id]);
    const retried = await studio.service.fleet.runner.whenDone(retry.id);
    expect(retried.targets.map((t) => t.status)).toEqual(['offline']);
  }, 60_000);

  it('a retry of a job whose chargers refused by design is refused with the reason', async () => {
    const h = studio.service.handlers;
    const job = await h.startApply(
      { source: { values: { overrideCurrentDa: 200 }, label: 'Override 20 A' }, targets: [ids[2]!] },
      testClient,
    );
    const done = await studio.service.fleet.runner.whenDone(job.id);
    expect(done.targets[0]!.status).toBe('refused');
    await expect(h.retryApply({ jobId: job.id }, testClient)).rejects.toThrow(/refused a value by design/);
  }, 60_000);

  it('cancel stops new writes and says what was done', async () => {
    const h = studio.service.handlers;
    const targets = ids;
    const job = await h.startApply(
      { source: { values: { solarStartCurrentA: 9 }, label: 'Solar start 9 A' }, targets, concurrency: 1 },
      testClient,
    );
    await eventually(
      async () => (await h.getApplyJob({ jobId: job.id }, testClient)).targets[0]!.status === 'applied',
      'the first charger',
    );
    await h.cancelApply({ jobId: job.id }, testClient);
    const done = await studio.service.fleet.runner.whenDone(job.id);
    expect(done.state).toBe('cancelled');
    const applied = done.targets.filter((t) => t.status === 'applied').map((t) => t.chargerId);
    const cancelled = done.targets.filter((t) => t.status === 'cancelled').map((t) => t.chargerId);
    expect(applied.length + cancelled.length).toBe(11);
    expect(cancelled.length).toBeGreaterThan(5);
    // Exactly the chargers reported applied hold the new value.
    for (const id of targets) {
      const held = await h.profileFromCharger({ id }, testClient);
      expect(held.solarStartCurrentA === 9).toBe(applied.includes(id));
    }
  }, 60_000);
});

describe('identity stays per charger', () => {
  const prefixOf = async (i: number) => {
    const json = (await (await fetch(`http://127.0.0.1:${sim.chargers[i]!.port}/settings`)).json()) as {
      mqtt: { host: string; topic_prefix: string };
    };
    return json.mqtt;
  };

  it('a profile made from one charger, applied to five, leaves each its own MQTT prefix', async () => {
    const h = studio.service.handlers;
    // The source charger's broker (loopback, nothing listens: no traffic leaves this machine).
    await h.writeMqtt({ id: ids[0]!, mqtt: { host: '127.0.0.1', port: 1, username: 'ha' } }, testClient);
    const values = await h.profileFromCharger({ id: ids[0]! }, testClient);
    expect(values.mqtt).toEqual({ host: '127.0.0.1', port: 1, username: 'ha', tls: false });
    const saved = await h.saveProfile({ profile: { name: 'Street broker', values } }, testClient);
    const targets = ids.slice(1, 6);
    const before = await Promise.all([1, 2, 3, 4, 5].map(prefixOf));
    expect(new Set(before.map((m) => m.topic_prefix)).size).toBe(5);

    const preview = await h.previewApply({ source: { profileId: saved.id }, targets }, testClient);
    for (const target of preview) {
      expect(target.fields.map((f) => f.field)).not.toContain('mqtt.topicPrefix');
      expect(target.fields.find((f) => f.field === 'mqtt.port')).toMatchObject({ to: '1' });
    }
    const job = await h.startApply({ source: { profileId: saved.id }, targets }, testClient);
    const done = await studio.service.fleet.runner.whenDone(job.id);
    for (const target of done.targets)
      expect(target.fields.find((f) => f.field === 'mqtt.host')).toMatchObject({ status: 'applied' });
    const after = await Promise.all([1, 2, 3, 4, 5].map(prefixOf));
    expect(after.map((m) => m.host)).toEqual(Array(5).fill('127.0.0.1'));
    expect(after.map((m) => m.topic_prefix)).toEqual(before.map((m) => m.topic_prefix));
    for (const [i, m] of after.entries())
      expect(m.topic_prefix).toBe(`SmartEVSE/${sim.chargers[i + 1]!.serial}`);
  }, 60_000);

  it('a prefix added on purpose is marked in the preview; a backup’s prefix is kept off another charger', async () => {
    const h = studio.service.handlers;
    const shared = await h.previewApply(
      {
        source: { values: { mqtt: { topicPrefix: 'street' } }, label: 'Same topics' },
        targets: ids.slice(6, 8),
      },
      testClient,
    );
    for (const target of shared)
      expect(target.fields.find((f) => f.field === 'mqtt.topicPrefix')).toMatchObject({
        status: 'will-change',
        to: 'street',
        key: 'applyIdentityShared',
        message: expect.stringMatching(/all 2 chargers will get this same value/),
      });

    const backup = await h.backupChargers({ targets: [ids[6]!] }, testClient);
    const source = { backup: { id: backup.id, file: `SmartEVSE-${sim.chargers[6]!.serial}.json` } };
    const [onOther] = await h.previewApply({ source, targets: [ids[7]!] }, testClient);
    expect(onOther!.fields.find((f) => f.field === 'mqtt.topicPrefix')).toMatchObject({
      status: 'kept',
      key: 'applyKeptIdentity',
    });
    const job = await h.startApply({ source, targets: [ids[7]!, ids[6]!] }, testClient);
    const done = await studio.service.fleet.runner.whenDone(job.id);
    expect(done.targets.map((t) => t.status)).not.toContain('partial');
    expect((await prefixOf(7)).topic_prefix).toBe(`SmartEVSE/${sim.chargers[7]!.serial}`);
    expect((await prefixOf(6)).topic_prefix).toBe(`SmartEVSE/${sim.chargers[6]!.serial}`);
  }, 60_000);
});

describe('backup, restore, compare and report', () => {
  it('backs up without secrets and restores onto another charger', async () => {
    const h = studio.service.handlers;
    const dead = await deadCharger();
    await h.writeSettings({ id: ids[3]!, values: { solarStartCurrentA: 6 } }, testClient);
    await h.writeSettings(
      { id: ids[1]!, values: { solarStartCurrentA: 3, maxSumMainsA: 0, lcdLock: false } },
      testClient,
    );
    await h.setColour({ id: ids[1]!, colour: { which: 'off', r: 1, g: 2, b: 3 } }, testClient);
    // An OCPP key on the charger (the firmware reports it in clear): the backup must not hold it.
    await fetch(
      `http://127.0.0.1:${sim.chargers[1]!.port}/settings?ocpp_update=1&ocpp_mode=1&ocpp_auth_key=s3cret-key`,
      { method: 'POST', body: '' },
    );
    const backup = await h.backupChargers({ targets: [ids[1]!, dead] }, testClient);
    expect(backup.manifest.chargers.map((c) => c.chargerId)).toEqual([ids[1]]);
    expect(backup.manifest.failed.map((c) => c.chargerId)).toEqual([dead]);
    expect(backup.manifest.secretsIncluded).toBe(false);
    const files = (await readdir(backup.dir)).sort();
    expect(files).toEqual(['SmartEVSE-' + sim.chargers[1]!.serial + '.json', 'manifest.json']);
    const doc = JSON.parse(await readFile(path.join(backup.dir, files[0]!), 'utf8'));
    expect(doc.settings.settings.solar_start_current).toBe(3);
    expect(doc.notIncluded).toContain('ocpp.auth_key');
    expect(doc.settings.ocpp.auth_key).toBe('(not included)');
    expect(JSON.stringify(doc)).not.toContain('s3cret-key');
    expect(JSON.stringify(doc.settings)).not.toMatch(/"password"/);
    expect((await h.listBackups({}, testClient)).map((b) => b.id)).toContain(backup.id);

    const source = { backup: { id: backup.id, file: files[0]! } };
    const preview = await h.previewApply({ source, targets: [ids[3]!] }, testClient);
    expect(preview[0]!.fields.find((f) => f.field === 'solarStartCurrentA')).toMatchObject({
      from: '6 A',
      to: '3 A',
      status: 'will-change',
    });
    const job = await h.startApply({ source, targets: [ids[3]!] }, testClient);
    const done = await studio.service.fleet.runner.whenDone(job.id);
    expect(done.targets[0]!.status).toBe('applied');
    const compare = await h.compareChargers({ targets: [ids[1]!, ids[3]!] }, testClient);
    const [from, to] = compare.rows;
    // Everything but what identifies each charger (its MQTT topic prefix, kept) was restored.
    const { 'mqtt.topicPrefix': fromPrefix, ...fromRest } = from!.values;
    const { 'mqtt.topicPrefix': toPrefix, ...toRest } = to!.values;
    expect(toRest).toMatchObject(
      Object.fromEntries(
        Object.entries(fromRest).filter(([field]) => !/^ro|^(currentMaxA|loadBl)/.test(field)),
      ),
    );
    expect(fromPrefix).toBe(`SmartEVSE/${sim.chargers[1]!.serial}`);
    expect(toPrefix).toBe(`SmartEVSE/${sim.chargers[3]!.serial}`);
    expect(to!.values['colours.off']).toBe('#010203');
    // A path outside the backups folder is refused.
    await expect(
      h.previewApply(
        { source: { backup: { id: '..', file: 'chargers.json' } }, targets: [ids[3]!] },
        testClient,
      ),
    ).rejects.toThrow(/not in the backups folder/);
  }, 60_000);

  it('compares with differences and firmware, and writes a commissioning report', async () => {
    const h = studio.service.handlers;
    await h.setPreferences({ preferences: { company: { name: 'Laad & Co <B.V.>' } } }, testClient);
    const dead = await deadCharger();
    // Two chargers that differ, whatever ran before.
    await h.writeSettings({ id: ids[7]!, values: { solarStartCurrentA: 4 } }, testClient);
    await h.writeSettings({ id: ids[8]!, values: { solarStartCurrentA: 7 } }, testClient);
    const compare = await h.compareChargers({ targets: [...ids, dead] }, testClient);
    expect(compare.rows).toHaveLength(12);
    expect(compare.rows[11]).toMatchObject({ online: false, problem: expect.any(String) });
    expect(compare.rows[0]!.firmware).toBe('v3.11.1');
    const starts = new Set(compare.rows.slice(0, 11).map((r) => r.values.solarStartCurrentA));
    expect(starts.size).toBeGreaterThan(1);
    // The installer settings are there in words: ids[2] allows 16 A, the first 32 A; all standalone.
    expect(compare.fields.filter((f) => f.group === 'installer').map((f) => f.field)).toEqual(
      expect.arrayContaining(['currentMaxA', 'maxMainsA', 'maxCircuitA', 'mainsMeter', 'loadBl']),
    );
    expect(compare.rows[0]!.values).toMatchObject({
      currentMaxA: '32 A',
      loadBl: 'Standalone',
      lockType: 'None',
    });
    expect(compare.rows[2]!.values.currentMaxA).toBe('16 A');
    expect(compare.fields.map((f) => f.field)).not.toContain('ocppAuthKey');

    const report = await h.commissioningReport({ targets: [ids[0]!, dead], title: 'Street 12' }, testClient);
    expect(report.html).toContain('<title>Street 12</title>');
    expect(report.html).toContain('Laad &amp; Co &lt;B.V.&gt;');
    expect(report.html).toContain(`SmartEVSE-${sim.chargers[0]!.serial}`);
    expect(report.html).toContain('Offline when the report was made');
    expect(report.html).toContain('Signature and date');
    expect(report.html).toMatch(/Plug-in test:<\/strong> Not passed/);
    expect(await readFile(report.file, 'utf8')).toBe(report.html);
    const pdf = await readFile(report.pdfFile!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(report.pdfFile).toBe(report.file.replace(/\.html$/, '.pdf'));
  }, 60_000);

  it('the report is one to hand over: site and customer, installer settings, swatches, the plug-in test with its currents', async () => {
    const h = studio.service.handlers;
    const id = ids[9]!;
    const charger = sim.chargers[9]!;
    await h.setColour({ id, colour: { which: 'solar', r: 1, g: 2, b: 3 } }, testClient);
    await h.writeSettings({ id, values: { maxSumMainsA: 0, mode: 'NORMAL' } }, testClient);
    // An EV charges while Studio watches: the plug-in test records it with the phase currents.
    await sim.control('POST', `/sim/chargers/${charger.serial}/ev`, { state: 'charging', phases: 3 });
    const { subscriptionId } = await h.subscribeSamples({ id, live: true }, testClient);
    await eventually(
      () =>
        studio.service.poller
          .ring(id)
          ?.since(-Infinity)
          .some((s) => s.stateId === 2),
      'a sample while charging',
      20_000,
    );
    await h.unsubscribeSamples({ subscriptionId }, testClient);
    const site = await h.saveSite(
      {
        site: {
          name: 'Street 12, Zwolle',
          customer: 'J. de Vries',
          address: 'Dorpsstraat 12\n8011 AA Zwolle',
          notes: 'Meter cupboard left of the door.',
          chargerIds: [id],
        },
      },
      testClient,
    );
    const report = await h.commissioningReport({ targets: [id], siteId: site.id }, testClient);
    const day = new Date().toISOString().slice(0, 10);
    expect(report.fileName).toBe(`commissioning-street-12-zwolle-${day}.html`);
    expect(path.basename(report.file)).toBe(report.fileName);
    expect(report.html).toContain('<title>Commissioning report: Street 12, Zwolle</title>');
    expect(report.html).toMatch(/<th scope="row">Customer<\/th><td>J\. de Vries<\/td>/);
    expect(report.html).toContain('Dorpsstraat 12\n8011 AA Zwolle');
    expect(report.html).toContain('Meter cupboard left of the door.');
    expect(report.html).toMatch(
      /Installer settings \(set on the charger’s menu\)<\/caption>.*<th scope="row">Maximum current<\/th><td>32 A<\/td>/s,
    );
    expect(report.html).toMatch(/<th scope="row">Power-share role<\/th><td>Standalone<\/td>/);
    // An empty value says so, never a blank cell.
    expect(report.html).toMatch(/<th scope="row">OCPP charge-box id<\/th><td>none<\/td>/);
    expect(report.html).toMatch(/<th scope="row">Maximum sum of mains currents<\/th><td>off<\/td>/);
    expect(report.html).toContain(
      '<span class="swatch" style="background:#010203" aria-hidden="true"></span> #010203',
    );
    expect(report.html).toMatch(/<th scope="row">MQTT: Topic prefix<\/th><td>SmartEVSE\/\d+<\/td>/);
    expect(report.html).toMatch(
      /Plug-in test:<\/strong> Passed: an EV was seen charging at .*measured L1 \d+\.\d A, L2 \d+\.\d A, L3 \d+\.\d A/,
    );
    // Not a simulated charger as far as Studio knows (added by address).
    expect(report.html).not.toContain('Simulated charger');
    // A second report of the same site that day gets its own file.
    const second = await h.commissioningReport({ targets: [id], siteId: site.id }, testClient);
    expect(second.fileName).toBe(`commissioning-street-12-zwolle-${day}-2.html`);
    await sim.control('POST', `/sim/chargers/${charger.serial}/ev`, { state: 'disconnected' });
  }, 60_000);
});
