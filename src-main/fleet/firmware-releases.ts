/**
 * Releases of the two firmware lines, from GitHub's releases API, fetched only when the user asks.
 * These are the only hosts besides chargers main talks to: the API, and the hosts GitHub sends a
 * release file from (every redirect is checked against the list). A mirror or a test stand-in
 * replaces the whole list with its own host.
 */
import { StudioError, firmwareLines, type FirmwareLine, type FirmwareRelease } from '$shared/contract';
import { maxFirmwareBytes, signatureBytes } from '$shared/firmware/esp-image';
import type { MessageKey } from '$shared/i18n/messages';

export interface ReleaseSource {
  /** The releases API (`https://api.github.com`, or a stand-in). */
  apiBase: string;
  /** Hosts a request may go to, redirects included. */
  hosts: readonly string[];
}

export const githubReleases: ReleaseSource = {
  apiBase: 'https://api.github.com',
  hosts: [
    'api.github.com',
    'github.com',
    'objects.githubusercontent.com',
    'release-assets.githubusercontent.com',
  ],
};

/** A stand-in at `base` (a mirror, or a loopback server in tests): its host only. */
export function releaseSourceAt(base: string): ReleaseSource {
  return { apiBase: base.replace(/\/$/, ''), hosts: [new URL(base).host] };
}

interface GithubRelease {
  tag_name: string;
  name: string | null;
  published_at: string | null;
  body: string | null;
  prerelease: boolean;
  draft: boolean;
  assets: { name: string; size: number; browser_download_url: string }[];
}

const failed = (message: string, key: MessageKey, params: Record<string, string | number>) =>
  new StudioError({ code: 'charger-unreachable', message, key, params });

async function get(url: string, source: ReleaseSource, accept: string, maxBytes: number): Promise<Buffer> {
  let at = new URL(url);
  for (let hop = 0; hop < 5; hop += 1) {
    if (!source.hosts.includes(at.host))
      throw failed(`Studio does not fetch from ${at.host}`, 'fwHostRefused', { host: at.host });
    let response: Response;
    try {
      response = await fetch(at, {
        redirect: 'manual',
        headers: { Accept: accept, 'User-Agent': 'SmartEVSE-Studio' },
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      throw failed(`Could not reach ${at.host}: ${(error as Error).message}`, 'fwHostUnreachable', {
        host: at.host,
      });
    }
    const next = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && next) {
      at = new URL(next, at);
      continue;
    }
    if (!response.ok)
      throw failed(`${at.host} answered HTTP ${response.status}`, 'fwHostStatus', {
        host: at.host,
        status: response.status,
      });
    const length = Number(response.headers.get('content-length') ?? 0);
    const tooBig = () =>
      failed(`${at.host} sent more than ${maxBytes} bytes`, 'fwHostTooBig', { host: at.host, max: maxBytes });
    if (length > maxBytes) throw tooBig();
    const body = Buffer.from(await response.arrayBuffer());
    if (body.length > maxBytes) throw tooBig();
    return body;
  }
  throw failed('Too many redirects', 'fwHostRedirects', { host: new URL(url).host });
}

const repoPath = (line: FirmwareLine) => `/repos/${firmwareLines[line].owner}/${firmwareLines[line].repo}`;

async function releases(line: FirmwareLine, source: ReleaseSource): Promise<GithubRelease[]> {
  const body = await get(
    `${source.apiBase}${repoPath(line)}/releases?per_page=20`,
    source,
    'application/vnd.github+json',
    4 * 1024 * 1024,
  );
  try {
    return (JSON.parse(body.toString('utf8')) as GithubRelease[]).filter((r) => !r.draft);
  } catch {
    throw failed('The releases list could not be read', 'fwReleasesUnreadable', {});
  }
}

/** The releases of a line, newest first, with the image files each offers. */
export async function listReleases(line: FirmwareLine, source: ReleaseSource): Promise<FirmwareRelease[]> {
  return (await releases(line, source)).map((r) => ({
    line,
    tag: r.tag_name,
    name: r.name || r.tag_name,
    publishedAt: r.published_at ?? '',
    notes: (r.body ?? '').slice(0, 20_000),
    prerelease: r.prerelease,
    assets: r.assets.filter((a) => a.name.endsWith('.bin')).map((a) => ({ name: a.name, bytes: a.size })),
  }));
}

/** One image file of a release. */
export async function downloadAsset(
  line: FirmwareLine,
  tag: string,
  asset: string,
  source: ReleaseSource,
): Promise<Buffer> {
  const release = (await releases(line, source)).find((r) => r.tag_name === tag);
  if (!release)
    throw new StudioError({ code: 'invalid-request', message: `No release ${tag}`, field: 'tag' });
  const file = release.assets.find((a) => a.name === asset);
  if (!file)
    throw new StudioError({ code: 'invalid-request', message: `${tag} has no ${asset}`, field: 'asset' });
  return get(
    file.browser_download_url,
    source,
    'application/octet-stream',
    maxFirmwareBytes + signatureBytes,
  );
}
