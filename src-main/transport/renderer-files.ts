/**
 * The built renderer as both shells serve it: the Electron `app://` protocol handler and web mode.
 * One path guard (nothing outside the renderer folder), one MIME table, one set of security
 * headers with the CSP. Plain Node: it takes a URL path and answers status, headers and body.
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { contentSecurityPolicy, resolveAppPath, securityHeaders } from '../security/policy';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface RendererFile {
  status: 200 | 404;
  headers: Record<string, string>;
  body: Buffer;
}

const notFound = (): RendererFile => ({
  status: 404,
  headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' },
  body: Buffer.from('Not found'),
});

/** The file a URL path names inside `rendererDir` (`/` is index.html), or a 404 if it escapes or is missing. */
export async function rendererFile(rendererDir: string, urlPath: string): Promise<RendererFile> {
  const file = resolveAppPath(path.resolve(rendererDir), urlPath, (...parts) => path.join(...parts));
  if (!file) return notFound();
  try {
    const body = await fs.readFile(file);
    return {
      status: 200,
      headers: {
        ...securityHeaders,
        'Content-Type': mimeTypes[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': contentSecurityPolicy,
      },
      body,
    };
  } catch {
    return notFound();
  }
}
