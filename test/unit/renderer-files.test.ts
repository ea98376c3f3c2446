// Goal: both shells serve the renderer through one guard: files inside the renderer folder with
// their MIME type, the CSP and the security headers; anything outside it, or missing, is a 404.
// Method: a real folder on disk with a secret file beside it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { rendererFile } from '../../src-main/transport/renderer-files';
import { contentSecurityPolicy } from '../../src-main/security/policy';

let root: string;
let renderer: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'renderer-files-'));
  renderer = path.join(root, 'renderer');
  await mkdir(path.join(renderer, 'assets'), { recursive: true });
  await writeFile(path.join(renderer, 'index.html'), '<p>studio</p>');
  await writeFile(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(root, 'secret.txt'), 'not for the page');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('renderer files', () => {
  it.each([
    ['/', 'text/html; charset=utf-8', '<p>studio</p>'],
    ['/index.html', 'text/html; charset=utf-8', '<p>studio</p>'],
    ['/assets/app.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
  ])('%s is served with its type and the CSP', async (urlPath, type, body) => {
    const file = await rendererFile(renderer, urlPath);
    expect(file.status).toBe(200);
    expect(file.body.toString()).toBe(body);
    expect(file.headers['Content-Type']).toBe(type);
    expect(file.headers['Content-Security-Policy']).toBe(contentSecurityPolicy);
    expect(file.headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it.each([
    '/../secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/..%5C..%5Csecret.txt',
    '/%E0%A4%A',
    '/missing.js',
    '//secret.txt',
  ])('%s is not found', async (urlPath) => {
    const file = await rendererFile(renderer, urlPath);
    expect(file.status).toBe(404);
    expect(file.body.toString()).toBe('Not found');
  });
});
