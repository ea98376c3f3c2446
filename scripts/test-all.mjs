#!/usr/bin/env node
// `npm test`: every suite, in order: lint + format, type-check, build, unit + integration (Vitest),
// e2e (Playwright in Chromium). Runs them all, prints one summary line, exits non-zero on any failure.
// On Debian as root it installs what the tests drive and is missing: `chromium`, and `mosquitto` with
// `mosquitto-clients` (the MQTT tests run a real broker and the firmware's own command lines).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { browserExecutable } from './browser.mjs';
import { electronBinary } from './electron.mjs';
import { figuresFile } from './figures.mjs';

// One folder for every report and figure (Playwright empties its own test-results/ when it starts).
const reportDir = path.resolve('test-reports');
mkdirSync(reportDir, { recursive: true });
rmSync(figuresFile, { force: true });
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const results = [];
let passed = 0;
let failed = 0;
let skipped = 0;

function step(name, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const run = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = run.status === 0;
  results.push({ name, ok, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  return ok;
}

/** Debian packages the tests need and this machine lacks. */
function missingPackages() {
  const missing = [];
  if (!browserExecutable()) missing.push('chromium');
  if (!['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].some((file) => existsSync(file)))
    missing.push('mosquitto');
  if (!existsSync('/usr/bin/mosquitto_pub')) missing.push('mosquitto-clients');
  return missing;
}

/** Installs what is missing where it can (Debian, as root); true when a browser is there. */
function ensurePackages() {
  const missing = missingPackages();
  if (missing.length === 0) return true;
  if (process.platform === 'linux' && existsSync('/usr/bin/apt-get') && process.getuid?.() === 0) {
    console.log(`Not found: installing Debian’s ${missing.join(', ')}.`);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    if (step('install packages (apt-get update)', 'apt-get', ['update', '-qq'], env)) {
      step(`install ${missing.join(' ')}`, 'apt-get', ['install', '-y', '-qq', ...missing], env);
    }
    return Boolean(browserExecutable());
  }
  if (missing.some((name) => name.startsWith('mosquitto'))) {
    // The MQTT tests then fail and say which program they could not start.
    console.error('No Mosquitto found: install mosquitto and mosquitto-clients for the MQTT tests.');
  }
  if (browserExecutable()) return true;
  if (process.platform !== 'linux') {
    return step('install Playwright’s Chromium', npx, ['playwright', 'install', 'chromium']);
  }
  console.error(
    'No Chromium found. Install it (Debian: apt-get install chromium) or set STUDIO_CHROMIUM to its path.',
  );
  results.push({ name: 'browser', ok: false, seconds: '0.0' });
  return false;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  skipped += stats.skipped;
}

const browserReady = ensurePackages();
// The same npm scripts a developer runs, so the two cannot drift.
step('lint + format', npm, ['run', '--silent', 'lint']);
step('typecheck', npm, ['run', '--silent', 'typecheck']);
const built = step('build', npm, ['run', '--silent', 'build']);
if (built) step('licences of what ships', process.execPath, ['scripts/licences.mjs']);
if (built) step('security scan (Electronegativity)', process.execPath, ['scripts/security-scan.mjs']);
{
  // The advisory check needs the registry's audit endpoint; where it is refused, say so, do not pass it.
  console.log('\n=== audit (production dependencies): node scripts/audit.mjs');
  const started = Date.now();
  const audit = spawnSync(process.execPath, ['scripts/audit.mjs'], { stdio: 'inherit' });
  if (audit.status === 3) console.log('=== audit: not run (see the line above)');
  else
    results.push({
      name: 'audit (production dependencies)',
      ok: audit.status === 0,
      seconds: ((Date.now() - started) / 1000).toFixed(1),
    });
}
const vitestReport = path.join(reportDir, 'vitest.json');
rmSync(vitestReport, { force: true });
// The integration tests run the built simulator: without a build they would fail for the wrong reason.
if (built) {
  step('unit + integration', npx, [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${vitestReport}`,
  ]);
  countVitest(vitestReport);
} else {
  console.log('\n=== unit + integration: not run, the build failed');
  results.push({ name: 'unit + integration (not run: the build failed)', ok: false, seconds: '0.0' });
}
if (built && browserReady) {
  const e2eReport = path.join(reportDir, 'playwright.json');
  step('e2e (web mode)', npx, ['playwright', 'test'], { STUDIO_REPORT_FILE: e2eReport });
  countPlaywright(e2eReport);
  // Where the Electron binary exists (a developer's machine), the same specs drive the desktop app.
  if (electronBinary()) {
    const electronReport = path.join(reportDir, 'playwright-electron.json');
    step('e2e (Electron)', npx, ['playwright', 'test'], {
      STUDIO_REPORT_FILE: electronReport,
      STUDIO_E2E_SHELL: 'electron',
    });
    countPlaywright(electronReport);
  } else {
    console.log(
      '\n=== e2e (Electron): not run, the Electron binary is not installed (npm run setup -- --electron)',
    );
  }
} else {
  results.push({ name: 'e2e (web mode)', ok: false, seconds: '0.0' });
}

// Every figure the steps measured, in one place (fuzzing, faults, scans, licences).
console.log('\n=== figures');
const figures = existsSync(figuresFile)
  ? readFileSync(figuresFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];
for (const { topic, text } of figures.sort((a, b) => a.topic.localeCompare(b.topic)))
  console.log(`${topic}: ${text}`);
if (figures.length === 0) console.log('(none recorded)');

console.log('\n=== summary');
for (const result of results)
  console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${result.name} (${result.seconds} s)`);
const failedSteps = results.filter((result) => !result.ok).length;
console.log(`steps: ${results.length - failedSteps} ok, ${failedSteps} failed`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failedSteps === 0 && failed === 0 ? 0 : 1);
