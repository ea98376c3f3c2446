/** Starts the real simulator process (dist/sim/cli.js) on 127.0.0.1 and talks to its control API. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { simReadySchema, type SimCharger } from '$shared/contract';

export interface SimProcess {
  child: ChildProcess;
  controlPort: number;
  chargers: SimCharger[];
  /** The embedded broker, with `--mqtt`. */
  mqttBroker?: { url: string; host: string; port: number } | undefined;
  control<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/**
 * Tests answer at once (`--latency 0`) unless they give `--latency`: the realistic default would
 * add 40 ms to each of thousands of requests.
 */
export async function startSim(args: string[] = []): Promise<SimProcess> {
  const latency = args.includes('--latency') ? [] : ['--latency', '0'];
  const child = spawn(process.execPath, ['dist/sim/cli.js', '--ready-json', ...latency, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = await new Promise<ReturnType<typeof simReadySchema.parse>>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${out}${err}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(simReadySchema.parse(JSON.parse(line)));
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`simulator exited (${code}): ${err}`)));
  });
  const base = `http://127.0.0.1:${ready.controlPort}`;
  return {
    child,
    controlPort: ready.controlPort,
    chargers: ready.chargers,
    mqttBroker: ready.mqttBroker,
    async control(method, path, body) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** One raw HTTP exchange, bytes as sent by the server (for framing checks). */
export function rawHttp(port: number, request: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(data);
    }, timeoutMs);
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
    });
    socket.on('end', () => {
      clearTimeout(timer);
      resolve(data);
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.write(request);
  });
}

/** POST with Content-Length: 0 and parameters in the query string, as the REST_API.md curl lines do. */
export async function post(url: string): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(url, { method: 'POST', body: '' });
  return { status: response.status, text: await response.text(), headers: response.headers };
}
