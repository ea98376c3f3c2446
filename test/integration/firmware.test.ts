// Goal: an installer updates the firmware of several chargers from Studio: each is checked first,
// backed up, uploaded with the firmware's /update chunk protocol, and comes back reporting the
// version in the image; one killed half-way is reported interrupted, and a charger whose upload
// stopped keeps its old firmware. The simulator answers /update as the firmware does.
// Method: the real simulator over HTTP, a StudioService, images built to the ESP-IDF format, and a
// loopback stand-in for GitHub's releases API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { firmwareImage } from '../support/firmware-image';
import { startSim, type SimProcess } from '../support/sim-process';
import { eventually, startService, testClient } from '../support/service';
import type { FirmwareJob } from '$shared/contract';

let sim: SimProcess;
let studio: Awaited<ReturnType<typeof startService>>;
let releases: http.Server;
let releasesUrl: string;
const newImage = firmwareImage({ version: 'v3.12.0', bytes: 400_000 });

/** One `/update` chunk straight to a simulated charger: the status and body, or `closed`. */
function chunk(
  port: number,
  query: string,
  body: Buffer,
): Promise<{ status: number; body: string } | 'closed'> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/update?${query}`,
        headers: { 'Content-Length': body.length },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', () => resolve('closed'));
    req.end(body);
  });
}

async function uploadRaw(port: number, file: string, image: Buffer) {
  const replies: ({ status: number; body: string } | 'closed')[] = [];
  for (let offset = 0; offset < image.length; offset += 2048)
    replies.push(
      await chunk(
        port,
        `offset=${offset}&file=${file}&size=${image.length}`,
        image.subarray(offset, offset + 2048),
      ),
    );
  return replies;
}

const versionOf = async (port: number) =>
  ((await (await fetch(`http://127.0.0.1:${port}/settings`)).json()) as { version: string }).version;

beforeAll(async () => {
  sim = await startSim(['--chargers', '8', '--no-mdns', '--speed', '20']);
  // A stand-in for GitHub: a release list, and a download that redirects like GitHub's does.
  releases = http.createServer((req, res) => {
    const base = releasesUrl;
    if (req.url?.startsWith('/repos/dingo35/SmartEVSE-3.5/releases')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify([
          {
            tag_name: 'v3.12.0',
            name: 'v3.12.0',
            published_at: '2026-11-30T12:00:00Z',
            body: 'Fixes the solar stop timer.',
            prerelease: false,
            draft: false,
            assets: [
              {
                name: 'firmware.bin',
                size: newImage.length,
                browser_download_url: `${base}/download/firmware.bin`,
              },
              {
                name: 'elsewhere.bin',
                size: 10,
                browser_download_url: 'https://example.invalid/elsewhere.bin',
              },
            ],
          },
        ]),
      );
    } else if (req.url === '/download/firmware.bin') {
      res.writeHead(302, { Location: `${base}/objects/firmware.bin` });
      res.end();
    } else if (req.url === '/objects/firmware.bin') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': newImage.length });
      res.end(newImage);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => releases.listen(0, '127.0.0.1', resolve));
  releasesUrl = `http://127.0.0.1:${(releases.address() as AddressInfo).port}`;
  studio = await startService({
    poller: { backgroundIntervalMs: 600_000 },
    firmwareReleasesUrl: releasesUrl,
  });
}, 60_000);

afterAll(async () => {
  await studio?.stop();
  await sim?.stop();
  await new Promise((resolve) => releases?.close(resolve));
});

describe('the simulator’s /update, as the firmware answers it', () => {
  it('a good firmware.bin restarts the charger unanswered, and it comes back on the image’s version', async () => {
    const port = sim.chargers[0]!.port;
    expect(await versionOf(port)).toBe('v3.11.1');
    const replies = await uploadRaw(port, 'firmware.bin', newImage);
    expect(replies.slice(0, -1).every((r) => r !== 'closed' && r.status === 200 && r.body === '0')).toBe(
      true,
    );
    expect(replies.at(-1)).toBe('closed');
    const back = await eventually(async () => {
      try {
        return await versionOf(port);
      } catch {
        return undefined;
      }
    }, 'the charger back');
    expect(back).toBe('v3.12.0');
  }, 30_000);

  it('refuses what the firmware refuses, with its replies, and keeps the old version', async () => {
    const port = sim.chargers[1]!.port;
    const two = Buffer.alloc(2048, 1);
    expect(await chunk(port, 'offset=0&file=evil.bin&size=2048', two)).toEqual({
      status: 400,
      body: 'only allowed to flash firmware.bin, firmware.debug.bin, firmware.signed.bin, firmware.debug.signed.bin or rfid.txt',
    });
    expect(await chunk(port, 'offset=0&size=2048', two)).toEqual({ status: 400, body: 'file required' });
    expect(await chunk(port, 'offset=0&file=firmware.bin', two)).toEqual({
      status: 400,
      body: 'size required',
    });
    expect(await chunk(port, 'offset=1769000&file=firmware.bin&size=1771048', two)).toEqual({
      status: 400,
      body: 'over max size of 1769472',
    });
    // Not an image: every chunk is answered "0" (the updater only logs its error), and no restart.
    const junk = Buffer.alloc(10_000, 0x41);
    const replies = await uploadRaw(port, 'firmware.bin', junk);
    expect(replies.every((r) => r !== 'closed' && r.body === '0')).toBe(true);
    // A damaged image fails the check at the end: answered, not restarted.
    const damaged = Buffer.from(newImage);
    damaged[100_000] = damaged[100_000]! ^ 0xff;
    expect((await uploadRaw(port, 'firmware.bin', damaged)).at(-1)).toEqual({ status: 200, body: '0' });
    // A signed image: the simulator holds no project key, so no signature passes.
    const signed = Buffer.concat([Buffer.alloc(512, 7), newImage]);
    expect((await uploadRaw(port, 'firmware.signed.bin', signed)).at(-1)).toEqual({
      status: 400,
      body: 'firmware.signed.bin update failed!',
    });
    expect(await versionOf(port)).toBe('v3.11.1');
  }, 30_000);
});

describe('Studio’s firmware rollout', () => {
  const ids: string[] = [];
  beforeAll(async () => {
    for (const charger of sim.chargers.slice(2))
      ids.push(
        (await studio.service.handlers.addCharger({ address: `127.0.0.1:${charger.port}` }, testClient)).id,
      );
  });
  const h = () => studio.service.handlers;
  const load = () =>
    h().loadFirmwareFile(
      { fileName: 'smartevse-v3.12.0.bin', dataBase64: newImage.toString('base64') },
      testClient,
    );

  it('refuses a file that is not SmartEVSE firmware before sending anything', async () => {
    await expect(
      h().loadFirmwareFile(
        { fileName: 'firmware.bin', dataBase64: Buffer.from('<html>').toString('base64') },
        testClient,
      ),
    ).rejects.toThrow(/not an ESP32 firmware image/);
    const other = firmwareImage({ version: '1.0', projectName: 'esp-thermostat', bytes: 50_000 });
    await expect(
      h().loadFirmwareFile({ fileName: 'firmware.bin', dataBase64: other.toString('base64') }, testClient),
    ).rejects.toThrow(/for “esp-thermostat”, not for a SmartEVSE/);
    const image = await load();
    expect(image).toMatchObject({ fileName: 'firmware.bin', version: 'v3.12.0', projectName: 'SmartEVSE' });
  });

  it('preflights, updates the first alone, then the rest; one killed half-way is reported interrupted', async () => {
    const image = await load();
    const [first, second, third, victim, charging] = ids;
    const victimSerial = sim.chargers[5]!.serial;
    // An EV charging on one: an upload would restart it mid-session.
    await sim.control('POST', `/sim/chargers/${sim.chargers[6]!.serial}/ev`, { state: 'charging' });
    const targets = [first!, second!, third!, victim!, charging!];
    const preflight = await eventually(async () => {
      const p = await h().firmwarePreflight({ imageId: image.imageId, targets }, testClient);
      return p[4]!.charging ? p : undefined;
    }, 'the EV charging');
    expect(preflight.map((p) => p.verdict)).toEqual(['ready', 'ready', 'ready', 'ready', 'blocked']);
    expect(preflight[0]).toMatchObject({ reachable: true, versionNow: 'v3.11.1' });
    expect(preflight[4]!.message).toMatch(/An EV is charging/);

    const events: FirmwareJob[] = [];
    const stop = studio.service.onEvent((name, payload) => {
      if (name === 'FirmwareJobChange') events.push(payload as FirmwareJob);
    });
    // The victim answers each chunk 20 ms late, so its upload lasts seconds: time to kill it half-way.
    await sim.control('POST', `/sim/chargers/${victimSerial}/config`, { latencyMs: 20 });
    const job = await h().startFirmwareUpdate(
      { imageId: image.imageId, targets, concurrency: 2, firstAlone: true },
      testClient,
    );
    // Kill the victim once its upload is under way (asked of the job itself, not its throttled events).
    await eventually(
      async () => {
        const now = await h().getFirmwareJob({ jobId: job.id }, testClient);
        return now.targets[3]!.status === 'uploading' && now.targets[3]!.sentBytes > 100_000;
      },
      'the victim’s upload under way',
      60_000,
    );
    await sim.control('DELETE', `/sim/chargers/${victimSerial}`);
    const done = await studio.service.fleet.firmware.whenDone(job.id);
    stop();

    expect(done.targets.map((t) => t.status)).toEqual([
      'updated',
      'updated',
      'updated',
      'interrupted',
      'skipped',
    ]);
    for (const t of done.targets.slice(0, 3)) {
      expect(t).toMatchObject({
        versionBefore: 'v3.11.1',
        versionAfter: 'v3.12.0',
        sentBytes: newImage.length,
      });
      expect(t.backupDir).toBeDefined();
    }
    expect(done.targets[3]!.message).toMatch(
      /Upload interrupted at \d+%.*keeps its old firmware \(v3\.11\.1\)/,
    );
    // The first went alone: the others started only after it came back.
    const firstDone = events.findIndex((e) => e.targets[0]!.status === 'updated');
    const othersStarted = events.findIndex((e) => e.targets.slice(1).some((t) => t.status !== 'waiting'));
    expect(firstDone).toBeGreaterThan(-1);
    expect(othersStarted).toBeGreaterThan(firstDone);
    // Progress was pushed while bytes went out: a part-way figure, not only the start and the end
    // (how many part-way events arrive depends on how fast the upload runs; events are throttled).
    const sent = events.map((e) => e.targets[1]!.sentBytes);
    expect(sent.some((bytes) => bytes > 0 && bytes < newImage.length)).toBe(true);
    for (const port of sim.chargers.slice(2, 5).map((c) => c.port))
      expect(await versionOf(port)).toBe('v3.12.0');
    // Afterwards the preflight knows they run it, and when each was backed up.
    const after = await h().firmwarePreflight({ imageId: image.imageId, targets: [first!] }, testClient);
    expect(after[0]).toMatchObject({ verdict: 'same', lastBackupMs: expect.any(Number) });
  }, 120_000);

  it('an upload that stops half-way leaves the charger on its old firmware and says so; a retry updates it', async () => {
    const image = await load();
    const charger = sim.chargers[7]!;
    // Half-way the charger stops answering (a Wi-Fi drop): its replies come too late.
    let chunks = 0;
    const proxy = net.createServer((client) => {
      chunks += 1;
      if (chunks > 60) return; // swallowed: never answered
      const upstream = net.connect(charger.port, '127.0.0.1');
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxied = (
      await h().addCharger({ address: `127.0.0.1:${(proxy.address() as AddressInfo).port}` }, testClient)
    ).id;
    const job = await h().startFirmwareUpdate(
      { imageId: image.imageId, targets: [proxied], backup: false },
      testClient,
    );
    const done = await studio.service.fleet.firmware.whenDone(job.id);
    proxy.close();
    expect(done.targets[0]!.status).toBe('interrupted');
    expect(done.targets[0]!.message).toMatch(/keeps its old firmware \(v3\.11\.1\)/);
    expect(await versionOf(charger.port)).toBe('v3.11.1');

    // The same charger (by serial), now reached directly again.
    const id = (await h().addCharger({ address: `127.0.0.1:${charger.port}` }, testClient)).id;
    expect(id).toBe(proxied);
    const retry = await h().startFirmwareUpdate(
      { imageId: image.imageId, targets: [id], backup: false },
      testClient,
    );
    const retried = await studio.service.fleet.firmware.whenDone(retry.id);
    expect(retried.targets[0]).toMatchObject({ status: 'updated', versionAfter: 'v3.12.0' });
  }, 120_000);

  it('cancel starts no further charger; the one updating finishes and is checked', async () => {
    const next = firmwareImage({ version: 'v3.13.0', bytes: 300_000 });
    const image = await h().loadFirmwareFile(
      { fileName: 'firmware.bin', dataBase64: next.toString('base64') },
      testClient,
    );
    // Three chargers of this test's own (tests run in any order).
    const { body } = await sim.control<{ chargers: { port: number }[] }>('POST', '/sim/chargers', {
      count: 3,
    });
    const targets: string[] = [];
    for (const c of body.chargers)
      targets.push((await h().addCharger({ address: `127.0.0.1:${c.port}` }, testClient)).id);
    const job = await h().startFirmwareUpdate(
      { imageId: image.imageId, targets, concurrency: 1, firstAlone: false, backup: false },
      testClient,
    );
    await eventually(
      async () =>
        (await h().getFirmwareJob({ jobId: job.id }, testClient)).targets[0]!.status === 'uploading',
      'the first upload',
    );
    await h().cancelFirmwareUpdate({ jobId: job.id }, testClient);
    const done = await studio.service.fleet.firmware.whenDone(job.id);
    expect(done.state).toBe('cancelled');
    expect(done.targets.map((t) => t.status)).toEqual(['updated', 'cancelled', 'cancelled']);
    expect(done.targets[1]!.message).toBe('Not started: the rollout was cancelled');
  }, 60_000);

  it('lists a line’s releases and loads an image from one, only from the release host', async () => {
    const list = await h().listFirmwareReleases({ line: 'dingo35' }, testClient);
    expect(list[0]).toMatchObject({ tag: 'v3.12.0', notes: 'Fixes the solar stop timer.' });
    expect(list[0]!.assets.map((a) => a.name)).toEqual(['firmware.bin', 'elsewhere.bin']);
    const image = await h().loadFirmwareRelease(
      { line: 'dingo35', tag: 'v3.12.0', asset: 'firmware.bin' },
      testClient,
    );
    expect(image).toMatchObject({ version: 'v3.12.0', fileName: 'firmware.bin' });
    await expect(
      h().loadFirmwareRelease({ line: 'dingo35', tag: 'v3.12.0', asset: 'elsewhere.bin' }, testClient),
    ).rejects.toThrow(/does not fetch from example\.invalid/);
  });
});
