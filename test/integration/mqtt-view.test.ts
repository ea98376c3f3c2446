// Goal: Studio's MQTT view shows what a charger publishes on the broker the charger reports, sends
// a Set/ command only when the firmware would act on it and tells whether the charger did (read
// back over REST), names the traps, and treats the broker password as a secret. Method: a real
// StudioService, the real simulator process and a real Mosquitto on 127.0.0.1.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toStudioError } from '$shared/contract';
import { startSim, type SimProcess } from '../support/sim-process';
import { startMosquitto, watch, type Mosquitto } from '../support/mqtt-broker';
import { eventually, startService, testClient } from '../support/service';
import type { SecretBox } from '../../src-main/service/mqtt-views';

let sim: SimProcess;
let broker: Mosquitto;
let locked: Mosquitto;

beforeAll(async () => {
  // One at a time, each kept as it starts: if one fails, afterAll still stops the others.
  sim = await startSim(['--chargers', '1', '--no-mdns', '--speed', '10']);
  broker = await startMosquitto();
  locked = await startMosquitto({ password: { user: 'ha', password: 'broker-secret-7' } });
}, 30_000);
afterAll(async () => {
  await sim?.stop();
  await broker?.stop();
  await locked?.stop();
});

async function newCharger(query: string): Promise<{ serial: number; url: string; port: number }> {
  const { body } = await sim.control<{ chargers: { serial: number; url: string; port: number }[] }>(
    'POST',
    '/sim/chargers',
    { count: 1 },
  );
  const charger = body.chargers[0]!;
  await fetch(`${charger.url}/settings?mqtt_update=1&${query}`, { method: 'POST', body: '' });
  return charger;
}

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => toStudioError(error),
  );
}

describe('the MQTT view', () => {
  it('shows the topics and entities, sends a command after the checks and confirms it over REST', async () => {
    const charger = await newCharger(`mqtt_host=127.0.0.1&mqtt_port=${broker.port}`);
    const studio = await startService();
    try {
      const { id } = await studio.service.handlers.addCharger(
        { address: `127.0.0.1:${charger.port}` },
        testClient,
      );
      await eventually(async () => {
        const read = await studio.service.chargers.read(id);
        return read.json.mqtt?.status === 'Connected';
      }, 'the charger on its broker');
      const opened = await studio.service.handlers.mqttOpen({ id }, testClient);
      expect(opened).toMatchObject({
        state: 'connected',
        prefix: `SmartEVSE/${charger.serial}`,
        broker: { host: '127.0.0.1', port: broker.port },
        canKeepPassword: false,
      });
      const view = await eventually(async () => {
        const v = await studio.service.handlers.mqttView({ id }, testClient);
        return v.topics.some((t) => t.name === 'ESPUptime') && v.entities.length > 0 ? v : undefined;
      }, 'topics and entities');
      expect(view.topics.find((t) => t.name === 'Mode')?.payload).toBe('Normal');
      expect(view.entities.map((e) => e.name)).toContain('Charge Current Override');

      const sent = await studio.service.handlers.mqttSend({ id, name: 'Mode', payload: 'Smart' }, testClient);
      expect(sent).toEqual({
        topic: `SmartEVSE/${charger.serial}/Set/Mode`,
        before: 'NORMAL',
        after: 'SMART',
        acted: true,
      });
      const override = await studio.service.handlers.mqttSend(
        { id, name: 'CurrentOverride', payload: '120' },
        testClient,
      );
      expect(override).toMatchObject({ before: '0', after: '120', acted: true });

      // What the firmware would ignore is refused with the reason, and nothing is published.
      const watcher = await watch(broker.port, [`SmartEVSE/${charger.serial}/Set/#`]);
      try {
        const number = await rejection(
          studio.service.handlers.mqttSend({ id, name: 'Mode', payload: '3' }, testClient),
        );
        expect(number).toMatchObject({ code: 'invalid-request', key: 'mqttModeNumber', field: 'payload' });
        const low = await rejection(
          studio.service.handlers.mqttSend({ id, name: 'CurrentOverride', payload: '20' }, testClient),
        );
        expect(low).toMatchObject({ key: 'mqttRange', params: { min: 60, max: 160, unit: 'dA' } });
        const text = await rejection(
          studio.service.handlers.mqttSend({ id, name: 'CurrentOverride', payload: 'abc' }, testClient),
        );
        expect(text.key).toBe('mqttWholeNumber');
        const feed = await rejection(
          studio.service.handlers.mqttSend({ id, name: 'MainsMeter', payload: '10:10:10' }, testClient),
        );
        expect(feed).toMatchObject({ key: 'mqttNotApi', params: { meter: 'Sensorbox' } });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(watcher.messages).toEqual([]);
      } finally {
        await watcher.close();
      }
      expect((await studio.service.chargers.read(id)).json.settings?.override_current).toBe(120);
      const closed = await studio.service.handlers.mqttClose({ id }, testClient);
      expect(closed.state).toBe('off');
    } finally {
      await studio.stop();
    }
  });

  it('names the traps: two chargers on one prefix, a retained command on the broker, MQTT off', async () => {
    const first = await newCharger(
      `mqtt_host=127.0.0.1&mqtt_port=${broker.port}&mqtt_topic_prefix=shared/evse`,
    );
    const second = await newCharger(
      `mqtt_host=127.0.0.1&mqtt_port=${broker.port}&mqtt_topic_prefix=shared/evse`,
    );
    const off = await newCharger('mqtt_host=');
    const watcher = await watch(broker.port, []);
    await watcher.publish('shared/evse/Set/Mode', 'Off', true);
    await watcher.close();
    const studio = await startService();
    try {
      const a = await studio.service.handlers.addCharger({ address: `127.0.0.1:${first.port}` }, testClient);
      const b = await studio.service.handlers.addCharger({ address: `127.0.0.1:${second.port}` }, testClient);
      const c = await studio.service.handlers.addCharger({ address: `127.0.0.1:${off.port}` }, testClient);
      await studio.service.chargers.read(b.id);
      await studio.service.handlers.mqttOpen({ id: a.id }, testClient);
      const view = await eventually(async () => {
        const v = await studio.service.handlers.mqttView({ id: a.id }, testClient);
        return v.traps.some((t) => t.key === 'mqttTrapRetainedSet') ? v : undefined;
      }, 'the retained command');
      const keys = view.traps.map((t) => t.key);
      expect(keys).toContain('mqttTrapShared');
      expect(view.traps.find((t) => t.key === 'mqttTrapRetainedSet')?.params).toMatchObject({
        topic: 'shared/evse/Set/Mode',
        payload: 'Off',
      });
      const offView = await studio.service.handlers.mqttOpen({ id: c.id }, testClient);
      expect(offView.state).toBe('off');
      expect(offView.traps.map((t) => t.key)).toEqual(['mqttTrapOff']);
    } finally {
      const cleanup = await watch(broker.port, []);
      await cleanup.publish('shared/evse/Set/Mode', '', true);
      await cleanup.close();
      await studio.stop();
    }
  });

  it('a broker that wants a password: refused without it; kept only encrypted, and never in a backup', async () => {
    const charger = await newCharger(
      `mqtt_host=127.0.0.1&mqtt_port=${locked.port}&mqtt_username=ha&mqtt_password=broker-secret-7`,
    );
    // The system keychain is Electron's; here a reversible box stands in so what is written can be read.
    const secrets: SecretBox = {
      encrypt: (text) => Buffer.from([...Buffer.from(text)].map((byte) => byte ^ 0x5a)),
      decrypt: (data) => Buffer.from([...data].map((byte) => byte ^ 0x5a)).toString(),
    };
    const studio = await startService({ secrets });
    try {
      const { id } = await studio.service.handlers.addCharger(
        { address: `127.0.0.1:${charger.port}` },
        testClient,
      );
      const refused = await studio.service.handlers.mqttOpen({ id }, testClient);
      expect(refused.state).toBe('failed');
      expect(refused.error).toMatchObject({ code: 'unauthorized', key: 'mqttRefused' });
      expect(refused.passwordSet).toBe(true);
      const wrong = await studio.service.handlers.mqttOpen({ id, password: 'guess' }, testClient);
      expect(wrong.state).toBe('failed');
      const right = await studio.service.handlers.mqttOpen(
        { id, password: 'broker-secret-7', remember: true },
        testClient,
      );
      expect(right).toMatchObject({ state: 'connected', passwordKept: true });
      const file = await readFile(path.join(studio.dir, 'mqtt-passwords.json'), 'utf8');
      expect(file).not.toContain('broker-secret-7');
      // Kept: the next open needs no typing.
      await studio.service.handlers.mqttClose({ id }, testClient);
      expect((await studio.service.handlers.mqttOpen({ id }, testClient)).state).toBe('connected');
      const backup = await studio.service.handlers.backupChargers({ targets: [id] }, testClient);
      for (const name of await readdir(backup.dir)) {
        expect(await readFile(path.join(backup.dir, name), 'utf8')).not.toContain('broker-secret-7');
      }
      const forgotten = await studio.service.handlers.mqttForgetPassword({ id }, testClient);
      expect(forgotten.passwordKept).toBe(false);
      expect(await readFile(path.join(studio.dir, 'mqtt-passwords.json'), 'utf8')).not.toContain(id);
    } finally {
      await studio.stop();
    }
  });

  it('without a system keychain (web mode) a password is used but never kept', async () => {
    const charger = await newCharger(`mqtt_host=127.0.0.1&mqtt_port=${locked.port}&mqtt_username=ha`);
    const studio = await startService();
    try {
      const { id } = await studio.service.handlers.addCharger(
        { address: `127.0.0.1:${charger.port}` },
        testClient,
      );
      const refused = await rejection(
        studio.service.handlers.mqttOpen({ id, password: 'broker-secret-7', remember: true }, testClient),
      );
      expect(refused.key).toBe('mqttCannotKeep');
      const used = await studio.service.handlers.mqttOpen({ id, password: 'broker-secret-7' }, testClient);
      expect(used).toMatchObject({ state: 'connected', passwordKept: false, canKeepPassword: false });
    } finally {
      await studio.stop();
    }
  });
});
