#!/usr/bin/env node
// Electronegativity (Electron security scanner) over the built app in dist/. Every finding must be
// accepted in src-main/security/scan-accepted.json with its reason; anything else fails the test
// command. Offline: the Electron version comes from package.json, not from the network.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const electronVersion = pkg.devDependencies.electron;
const accepted = JSON.parse(readFileSync('src-main/security/scan-accepted.json', 'utf8')).accepted;
if (!existsSync('dist/main/main.js')) {
  console.error('security scan: dist/ is missing (run npm run build first)');
  process.exit(1);
}
const out = mkdtempSync(path.join(os.tmpdir(), 'scan-'));
const csv = path.join(out, 'findings.csv');
const bin = path.join(
  'node_modules',
  '.bin',
  process.platform === 'win32' ? 'electronegativity.cmd' : 'electronegativity',
);
const run = spawnSync(bin, ['-i', 'dist', '-r', '-e', electronVersion, '-v', 'false', '-o', csv], {
  encoding: 'utf8',
});
if (!existsSync(csv)) {
  console.error(`security scan: electronegativity wrote no report:\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
}
const cells = (line) =>
  [...line.matchAll(/"([^"]*)"|([^,]+)|(?<=,)(?=,|$)/g)].map((m) => (m[1] ?? m[2] ?? '').trim());
const findings = readFileSync(csv, 'utf8')
  .split('\n')
  .slice(1)
  .filter((line) => line.trim())
  .map((line) => {
    const [check, severity, confidence, file, location] = cells(line);
    return { check, severity, confidence, file: file.replace(/\\/g, '/'), location };
  });
rmSync(out, { recursive: true, force: true });
const explained = (f) => accepted.find((a) => a.check === f.check && (a.file === '*' || a.file === f.file));
const unexplained = findings.filter((f) => !explained(f));
for (const f of findings) {
  const reason = explained(f)?.reason;
  console.log(
    `${reason ? 'accepted  ' : 'UNEXPLAINED'} ${f.check} ${f.severity}/${f.confidence} ${f.file}:${f.location}${reason ? `: ${reason}` : ''}`,
  );
}
console.log(
  `security scan: electronegativity, ${findings.length} finding(s) in dist/, ${findings.length - unexplained.length} accepted with a reason (src-main/security/scan-accepted.json), ${unexplained.length} unexplained`,
);
process.exit(unexplained.length === 0 ? 0 : 1);
