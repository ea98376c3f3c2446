#!/usr/bin/env node
// `npm audit` of the production dependencies: exits 1 on any high or critical advisory, 0 when there
// is none, and 3 (with the reason) when the registry in use does not serve the audit endpoint, so the
// test command can say the audit was not run instead of calling it passed.
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = spawnSync(npm, ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`audit: npm audit gave no report: ${run.stderr.trim().split('\n').pop()}`);
  process.exit(1);
}
if (report.message && !report.metadata) {
  console.log(`audit: not run: the registry refused the advisory endpoint (${report.message})`);
  process.exit(3);
}
const v = report.metadata.vulnerabilities;
console.log(
  `audit: production dependencies: ${report.metadata.dependencies?.prod ?? '?'} packages; advisories: critical ${v.critical}, high ${v.high}, moderate ${v.moderate}, low ${v.low}`,
);
for (const [name, item] of Object.entries(report.vulnerabilities ?? {}))
  if (['high', 'critical'].includes(item.severity))
    console.error(`audit: ${name}: ${item.severity} (${item.range})`);
process.exit(v.high + v.critical === 0 ? 0 : 1);
