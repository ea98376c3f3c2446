// Goal: Studio keeps its simulator alive: a crashed simulator is restarted with back-off, its
// chargers come back in Studio's list, and stopping it for real does not restart it.
// Method: the real supervisor and service with the real simulator process; SIGKILL as the crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StudioService } from '../../src-main/service/studio-service';
import { nodeLauncher } from '../../src-main/sim-supervisor/node-launcher';
import { SimSupervisor, type SimChild } from '../../src-main/sim-supervisor/supervisor';

const testClient = { clientId: 'test' };

const cli = path.resolve('dist/sim/cli.js');
let dir: string;

beforeAll(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'studio-sup-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('simulator supervisor', () => {
  it('restarts a simulator killed with SIGKILL after its back-off delay, and logs why', async () => {
    const children: SimChild[] = [];
    const launch = nodeLauncher(cli);
    const supervisor = new SimSupervisor({
      launch: (args) => {
        const child = launch(args);
        children.push(child);
        return child;
      },
      restartDelayMs: 200,
    });
    const first = await supervisor.start(['--chargers', '1', '--no-mdns', '--paused', '--seed', '5']);
    expect(first).toHaveLength(1);
    const readyAgain = new Promise((resolve) => supervisor.once('ready', resolve));
    process.kill(children[0]!.pid!, 'SIGKILL');
    await readyAgain;
    const status = supervisor.status();
    expect(status.restarts).toBe(1);
    expect(status.running).toBe(true);
    expect(status.chargers[0]!.serial).toBe(first[0]!.serial);
    expect(status.log.some((line) => line.includes('restarting in 200 ms'))).toBe(true);
    await supervisor.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(supervisor.status().running).toBe(false);
    expect(children).toHaveLength(2);
  });

  it('StudioService starts one simulated charger on a first launch, and not when a real one is known', async () => {
    const service = new StudioService({
      userDataDir: path.join(dir, 'a'),
      shell: 'web',
      version: 'test',
      simulator: { launch: nodeLauncher(cli), autoStart: true },
    });
    await service.init();
    await service.start();
    const chargers = await service.handlers.listChargers({}, testClient);
    expect(chargers).toHaveLength(1);
    expect(chargers[0]).toMatchObject({
      origin: 'simulated',
      online: true,
      snapshot: { flavour: 'dingo35' },
    });
    await service.handlers.stopSimulator({}, testClient);
    expect((await service.handlers.listChargers({}, testClient))[0]!.online).toBe(false);
    await service.close();

    // The next launch gets the same simulated charger (its seed is kept in the data folder).
    const relaunch = new StudioService({
      userDataDir: path.join(dir, 'a'),
      shell: 'web',
      version: 'test',
      simulator: { launch: nodeLauncher(cli), autoStart: true },
    });
    await relaunch.init();
    await relaunch.start();
    expect((await relaunch.handlers.listChargers({}, testClient)).map((c) => c.id)).toEqual([
      chargers[0]!.id,
    ]);
    await relaunch.close();

    // A user who already added a real charger is not given a simulated one.
    const known = path.join(dir, 'b');
    await mkdir(known, { recursive: true });
    await writeFile(
      path.join(known, 'chargers.json'),
      JSON.stringify({
        schemaVersion: 1,
        chargers: [
          { id: 'SmartEVSE-1', name: 'Garage', origin: 'manual', address: { host: '127.0.0.1', port: 9 } },
        ],
      }),
    );
    const second = new StudioService({
      userDataDir: known,
      shell: 'web',
      version: 'test',
      simulator: { launch: nodeLauncher(cli), autoStart: true },
    });
    await second.init();
    await second.start();
    expect((await second.handlers.listChargers({}, testClient)).map((c) => c.origin)).toEqual(['manual']);
    expect((await second.handlers.getSimulatorStatus({}, testClient)).running).toBe(false);
    await second.close();
  });

  it('a simulator started by Studio ends when Studio is killed with SIGKILL (no orphan)', async () => {
    const web = spawn(
      process.execPath,
      ['dist/main/web.js', '--user-data-dir', path.join(dir, 'orphan'), '--no-discovery'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      web.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/.exec(out);
        if (match) resolve(`${match[1]}|${match[2]}`);
      });
      web.once('exit', () => reject(new Error(`web mode exited: ${out}`)));
    });
    const [base, token] = url.split('|') as [string, string];
    const status = async () => {
      const response = await fetch(`${base}/api/call/getSimulatorStatus`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Studio-Token': token, Origin: base },
        body: '{}',
      });
      return ((await response.json()) as { value: { running: boolean; controlPort?: number } }).value;
    };
    let controlPort: number | undefined;
    for (let i = 0; i < 100 && controlPort === undefined; i += 1) {
      const now = await status();
      if (now.running) controlPort = now.controlPort;
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(controlPort).toBeDefined();
    const alive = async () =>
      fetch(`http://127.0.0.1:${controlPort}/sim`).then(
        () => true,
        () => false,
      );
    expect(await alive()).toBe(true);
    web.kill('SIGKILL');
    let gone = false;
    for (let i = 0; i < 50 && !gone; i += 1) {
      gone = !(await alive());
      if (!gone) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(gone).toBe(true);
  }, 30_000);
});
