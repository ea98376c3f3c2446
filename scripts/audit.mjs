#!/usr/bin/env node
// `npm audit` of the production dependencies: exits 1 on any high or critical advisory, 0 when there
// is none, and 3 (with the reason) when the registry in use does not serve the audit endpoint, so the
// test command can say the audit was not run instead of calling it passed.
import { spawnSync } from 'node:child_process';
import { figure } from './figures.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * What can be said without the advisory endpoint: each installed production package, asked of the
 * registry's package document, is it deprecated, and is it the latest release? (Not a
 * security verdict: it does not make the audit pass.)
 */
async function releaseCheck() {
  const tree = JSON.parse(
    spawnSync(npm, ['ls', '--omit=dev', '--all', '--json'], { encoding: 'utf8' }).stdout || '{}',
  );
  const installed = new Map();
  const walk = (deps = {}) => {
    for (const [name, node] of Object.entries(deps)) {
      if (node.version) installed.set(`${name}@${node.version}`, { name, version: node.version });
      walk(node.dependencies);
    }
  };
  walk(tree.dependencies);
  const registry = spawnSync(npm, ['config', 'get', 'registry'], { encoding: 'utf8' }).stdout.trim();
  const deprecated = [];
  const behind = [];
  let asked = 0;
  for (const { name, version } of installed.values()) {
    const response = await fetch(`${registry.replace(/\/$/, '')}/${name.replace('/', '%2f')}`, {
      headers: { Accept: 'application/vnd.npm.install-v1+json' },
    }).catch(() => undefined);
    if (!response?.ok) continue;
    const doc = await response.json();
    asked += 1;
    if (doc.versions?.[version]?.deprecated) deprecated.push(`${name}@${version}`);
    const latest = doc['dist-tags']?.latest;
    if (latest && latest !== version) behind.push(`${name}@${version} (latest ${latest})`);
  }
  return `instead, ${asked} of ${installed.size} production packages asked of the registry: deprecated ${deprecated.length}${deprecated.length ? ` (${deprecated.join(', ')})` : ''}, not the latest release ${behind.length}${behind.length ? ` (${behind.join(', ')})` : ''}`;
}
const run = spawnSync(npm, ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`audit: npm audit gave no report: ${run.stderr.trim().split('\n').pop()}`);
  process.exit(1);
}
if (report.message && !report.metadata) {
  figure(
    'audit (production dependencies)',
    `not run: the registry refused the advisory endpoint (${report.message}); ${await releaseCheck()}`,
  );
  process.exit(3);
}
const v = report.metadata.vulnerabilities;
figure(
  'audit (production dependencies)',
  `${report.metadata.dependencies?.prod ?? '?'} packages; advisories: critical ${v.critical}, high ${v.high}, moderate ${v.moderate}, low ${v.low}`,
);
for (const [name, item] of Object.entries(report.vulnerabilities ?? {}))
  if (['high', 'critical'].includes(item.severity))
    console.error(`audit: ${name}: ${item.severity} (${item.range})`);
process.exit(v.high + v.critical === 0 ? 0 : 1);
