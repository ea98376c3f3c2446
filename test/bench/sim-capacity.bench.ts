// Benchmark: how many chargers one simulator process serves at 1× while every charger is polled
// once a second (as Studio's poller does), with GET /settings answered in < 50 ms at p99.
// Target: 200. Load comes from this process over loopback only.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { simReadySchema } from '$shared/contract';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(
  count: number,
  seconds: number,
): Promise<{ p50: number; p99: number; requests: number; errors: number }> {
  const child = spawn(
    process.execPath,
    ['dist/sim/cli.js', '--ready-json', '--latency', '0', '--no-mdns', '--chargers', String(count)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const ready = await new Promise<ReturnType<typeof simReadySchema.parse>>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(simReadySchema.parse(JSON.parse(line)));
    });
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const get = (port: number) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.get({ host: '127.0.0.1', port, path: '/settings', agent }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - started);
          resolve();
        });
      });
      req.on('error', () => {
        errors += 1;
        resolve();
      });
    });
  // Spread each charger's poll evenly over the second, like independent pollers would be.
  const deadline = performance.now() + seconds * 1000;
  const pending: Promise<void>[] = [];
  const timers = ready.chargers.map((charger, i) =>
    setTimeout(
      () => {
        const tick = () => {
          if (performance.now() >= deadline) return;
          pending.push(get(charger.port));
          setTimeout(tick, 1000);
        };
        tick();
      },
      (1000 * i) / ready.chargers.length,
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 200));
  timers.forEach(clearTimeout);
  await Promise.all(pending);
  agent.destroy();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    requests: latencies.length,
    errors,
  };
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  let best = 0;
  const steps = [50, 100, 200, 300, 400];
  for (const count of steps) {
    const { p50, p99, requests, errors } = await measure(count, 6);
    const ok = p99 < 50 && errors === 0;
    if (ok) best = count;
    lines.push(
      `simulator capacity: ${count} chargers at 1×, ${requests} GET /settings in 6 s: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, errors ${errors} ${ok ? '(within 50 ms p99)' : '(over target)'}`,
    );
    if (!ok) break;
  }
  const atLeast = best === steps[steps.length - 1] ? 'at least ' : '';
  lines.push(
    `simulator capacity: ${atLeast}${best} chargers per process within 50 ms p99 (target: 200; ratio ${atLeast ? '≥ ' : ''}${(best / 200).toFixed(2)}×)`,
  );
  return lines;
}
