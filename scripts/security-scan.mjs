#!/usr/bin/env node
// Electronegativity (Electron security scanner) over the built app in dist/. Every finding must be
// accepted in src-main/security/scan-accepted.json with its reason; anything else fails the test
// command. Offline: the Electron version comes from package.json, not from the network.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { figure } from './figures.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const electronVersion = pkg.devDependencies.electron;
const accepted = JSON.parse(readFileSync('src-main/security/scan-accepted.json', 'utf8')).accepted;
if (!existsSync('dist/main/main.js')) {
  console.error('security scan: dist/ is missing (run npm run build first)');
  process.exit(1);
}
/** Rows of the scanner's CSV; quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text) {
  const rows = [[]];
  let field = '';
  let quoted = false;
  const endField = () => {
    rows.at(-1).push(field.trim());
    field = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) field += c;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push([]);
    } else if (c !== '\r') field += c;
  }
  rows.at(-1).push(field.trim());
  return rows.filter((row) => row.some((cell) => cell !== ''));
}
/**
 * One scan. The scanner sometimes exits before its CSV is fully written, which leaves a report that
 * does not parse as findings; such a report is not trusted and the scan runs again (at most 3 times).
 */
function scan() {
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
  const text = existsSync(csv) ? readFileSync(csv, 'utf8') : '';
  rmSync(out, { recursive: true, force: true });
  const rows = parseCsv(text);
  const wellFormed =
    rows[0]?.[0] === 'issue' &&
    rows
      .slice(1)
      .every(
        ([check = '', , , , location = '']) => /^[A-Z0-9_]+_CHECK$/.test(check) && /^\d+:\d+$/.test(location),
      );
  if (!wellFormed) return { error: `${run.stdout.slice(-500)}\n${run.stderr.slice(-500)}` };
  return {
    findings: rows.slice(1).map(([check = '', severity = '', confidence = '', file = '', location = '']) => ({
      check,
      severity,
      confidence,
      file: file.replace(/\\/g, '/'),
      location,
    })),
  };
}

let result = scan();
for (let attempt = 2; attempt <= 3 && !result.findings; attempt += 1) {
  console.log(`security scan: the scanner's report was not whole; scanning again (run ${attempt} of 3)`);
  result = scan();
}
if (!result.findings) {
  console.error(`security scan: no readable report from electronegativity after 3 runs:\n${result.error}`);
  process.exit(1);
}
const findings = result.findings;
const explained = (f) => accepted.find((a) => a.check === f.check && (a.file === '*' || a.file === f.file));
const unexplained = findings.filter((f) => !explained(f));
for (const f of findings) {
  const reason = explained(f)?.reason;
  console.log(
    `${reason ? 'accepted  ' : 'UNEXPLAINED'} ${f.check} ${f.severity}/${f.confidence} ${f.file}:${f.location}${reason ? `: ${reason}` : ''}`,
  );
}
figure(
  'security scan',
  `electronegativity, ${findings.length} finding(s) in dist/, ${findings.length - unexplained.length} accepted with a reason (src-main/security/scan-accepted.json), ${unexplained.length} unexplained`,
);
process.exit(unexplained.length === 0 ? 0 : 1);
