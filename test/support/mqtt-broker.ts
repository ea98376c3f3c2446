/**
 * A real Mosquitto broker (Debian's `mosquitto`) on a free loopback port, and a subscriber that
 * records what arrives with its retain flag. The broker can be stopped and started again on the
 * same port, as a user's broker restarts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Mosquitto {
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function listening(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`mosquitto did not listen on ${port}`);
}

export async function startMosquitto(
  options: { password?: { user: string; password: string } } = {},
): Promise<Mosquitto> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'studio-mosquitto-'));
  const lines = [`listener ${port} 127.0.0.1`, 'persistence false'];
  if (options.password) {
    // mosquitto_passwd writes the hashed file; the broker then refuses anyone else.
    const file = path.join(dir, 'passwd');
    writeFileSync(file, '');
    await new Promise<void>((resolve, reject) => {
      const child = spawn('mosquitto_passwd', [
        '-b',
        file,
        options.password!.user,
        options.password!.password,
      ]);
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`mosquitto_passwd exited ${code}`)),
      );
    });
    lines.push('allow_anonymous false', `password_file ${file}`);
    // Started as root, mosquitto reads its password file after it drops to its own user.
    chmodSync(dir, 0o755);
    chmodSync(file, 0o644);
  } else lines.push('allow_anonymous true');
  const config = path.join(dir, 'mosquitto.conf');
  writeFileSync(config, `${lines.join('\n')}\n`);
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn('mosquitto', ['-c', config], { stdio: 'ignore' });
    child = started;
    const failed = new Promise<never>((_, reject) =>
      started.once('error', (error) =>
        reject(new Error(`mosquitto could not start (apt-get install mosquitto): ${error.message}`)),
      ),
    );
    await Promise.race([listening(port, Date.now() + 10_000), failed]);
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return resolve();
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  await start();
  return { port, start, stop };
}

export interface Received {
  topic: string;
  payload: string;
  retain: boolean;
  atMs: number;
}

export interface Watcher {
  client: MqttClient;
  messages: Received[];
  /** The last message on `topic`, waiting up to `timeoutMs` for one that `accept` takes. */
  next(topic: string, accept?: (payload: string) => boolean, timeoutMs?: number): Promise<Received>;
  /** Like `next`, but also takes a message that came before the call. */
  find(topic: string, accept?: (payload: string) => boolean, timeoutMs?: number): Promise<Received>;
  publish(topic: string, payload: string, retain?: boolean): Promise<void>;
  close(): Promise<void>;
}

export async function watch(port: number, topics: string[]): Promise<Watcher> {
  const client = await mqtt.connectAsync({
    host: '127.0.0.1',
    port,
    protocolVersion: 4,
    reconnectPeriod: 200,
  });
  const messages: Received[] = [];
  client.on('message', (topic, payload, packet) =>
    messages.push({ topic, payload: payload.toString('utf8'), retain: packet.retain, atMs: Date.now() }),
  );
  if (topics.length > 0) await client.subscribeAsync(topics, { qos: 0 });
  const wait = async (
    since: number,
    topic: string,
    accept: (payload: string) => boolean,
    timeoutMs: number,
  ) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = messages.slice(since).find((m) => m.topic === topic && accept(m.payload));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seen = messages.filter((m) => m.topic === topic).map((m) => m.payload);
    throw new Error(
      `no matching message on ${topic} within ${timeoutMs} ms (seen: ${seen.slice(-5).join(' | ')})`,
    );
  };
  return {
    client,
    messages,
    next: (topic, accept = () => true, timeoutMs = 15_000) => wait(messages.length, topic, accept, timeoutMs),
    find: (topic, accept = () => true, timeoutMs = 15_000) => wait(0, topic, accept, timeoutMs),
    async publish(topic, payload, retain = false) {
      await client.publishAsync(topic, payload, { qos: 0, retain });
    },
    close: async () => {
      await client.endAsync(false);
    },
  };
}

/** The retained snapshot under `filter`, as a new subscriber gets it (mosquitto_sub --retained-only). */
export async function retainedSnapshot(
  port: number,
  filter: string,
  settleMs = 500,
): Promise<Map<string, string>> {
  const watcher = await watch(port, [filter]);
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  await watcher.close();
  return new Map(watcher.messages.filter((m) => m.retain).map((m) => [m.topic, m.payload]));
}
