// Goal: web mode starts like a well-behaved command: --help prints its options and exits 0, an
// unknown option is refused with a pointer to --help (exit 2), and --open hands the printed
// address to the browser ($BROWSER, as other tools honour it).
// Method: the built dist/main/web.js as a child process; $BROWSER is a script that records its argument.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const web = path.resolve('dist/main/web.js');
const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('web mode on the command line', () => {
  it('--help lists the options and exits 0', async () => {
    const { stdout } = await run(process.execPath, [web, '--help']);
    for (const option of ['--open', '--port', '--user-data-dir', '--no-simulator', '--no-discovery'])
      expect(stdout).toContain(option);
  });

  it('an unknown option is refused with a pointer to --help', async () => {
    const error = (await run(process.execPath, [web, '--bogus']).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(error.code).toBe(2);
    expect(error.stderr).toContain("Unknown option '--bogus'");
    expect(error.stderr).toContain('--help');
  });

  it('--open gives the printed address to the browser', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'studio-open-'));
    dirs.push(dir);
    const record = path.join(dir, 'opened.txt');
    const browser = path.join(dir, 'browser.sh');
    await writeFile(browser, `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`);
    await chmod(browser, 0o755);
    const child = spawn(
      process.execPath,
      [web, '--open', '--no-simulator', '--no-discovery', '--user-data-dir', path.join(dir, 'data')],
      { env: { ...process.env, BROWSER: browser }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address printed:\n${output}`)), 15_000);
        child.stdout.on('data', () => {
          const match = /running at (\S+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      await expect.poll(() => readFile(record, 'utf8').catch(() => ''), { timeout: 5000 }).toBe(url);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
