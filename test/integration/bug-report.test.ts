// Goal: one action makes a bug report a maintainer can use and the owner can post: firmware line
// and version, the configuration check, the recent readings, Studio's version, and the settings
// with the Wi-Fi network, hosts, backend URL and secrets hidden; saved, it is two files on this
// computer. Method: a real StudioService polling the simulator process on 127.0.0.1.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSim, type SimProcess } from '../support/sim-process';
import { eventually, startService, testClient } from '../support/service';

let sim: SimProcess;
beforeAll(async () => {
  sim = await startSim(['--chargers', '1', '--no-mdns', '--speed', '10']);
}, 30_000);
afterAll(() => sim?.stop());

it('a report with the facts, nothing private, and the files saved', async () => {
  const charger = sim.chargers[0]!;
  const post = (query: string) => fetch(`${charger.url}/settings?${query}`, { method: 'POST', body: '' });
  await post('mqtt_update=1&mqtt_host=broker.home.lan&mqtt_username=jan&mqtt_password=pw-123');
  await post('ocpp_update=1&ocpp_mode=1');
  await post(
    'ocpp_update=1&ocpp_backend_url=wss://backend.example/ocpp&ocpp_cb_id=garage-1&ocpp_auth_key=k-99',
  );
  await post('current_max_sum_mains=25');
  const studio = await startService({ poller: { backgroundIntervalMs: 200 } });
  try {
    const { id } = await studio.service.handlers.addCharger(
      { address: `127.0.0.1:${charger.port}` },
      testClient,
    );
    await eventually(
      () => (studio.service.chargers.poller.ring(id)?.since(-Infinity).length ?? 0) >= 2 || undefined,
      'readings',
    );
    const report = await studio.service.handlers.bugReport({ id, hours: 1, save: true }, testClient);
    for (const text of [report.markdown, report.json]) {
      for (const secret of [
        'studio-sim',
        'broker.home.lan',
        'jan',
        'pw-123',
        'backend.example',
        'garage-1',
        'k-99',
      ])
        expect(text).not.toContain(secret);
    }
    expect(report.hidden).toEqual(
      expect.arrayContaining([
        'wifi.ssid',
        'wifi.bssid',
        'mqtt.host',
        'mqtt.username',
        'ocpp.backend_url',
        'ocpp.cb_id',
        'ocpp.auth_key',
      ]),
    );
    expect(report.markdown).toContain('- Firmware: v3.11.1 (dingo35 line)');
    expect(report.markdown).toContain('A capacity limit is on (MaxSumMains 25 A');
    expect(report.markdown).toMatch(/\| \d{4}-\d\d-\d\dT[\d:]+Z \| Ready to charge \| Normal \|/);
    expect(report.markdown).toContain('_Made with SmartEVSE Studio test on');
    const attachment = JSON.parse(report.json) as { samples: unknown[]; findings: { rule: string }[] };
    expect(attachment.samples.length).toBeGreaterThanOrEqual(2);
    expect(attachment.findings.map((f) => f.rule)).toEqual(['capacity-limit']);
    expect(await readFile(report.files!.markdown, 'utf8')).toBe(report.markdown);
    expect(await readFile(report.files!.json, 'utf8')).toBe(report.json);
  } finally {
    await studio.stop();
  }
});
