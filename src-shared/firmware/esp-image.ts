/**
 * The ESP-IDF application image a SmartEVSE runs (`firmware.bin`), read the way the ESP32's
 * updater checks it before it switches: the image header, every segment, the checksum byte and the
 * appended SHA-256, and the application description at the start of the first segment, which
 * holds the version the charger reports afterwards. Studio checks a file with it before sending a
 * byte; the simulator checks an upload with it as the charger's updater does.
 */

/** The largest image the firmware takes (`/update` answers "over max size of 1769472"). */
export const maxFirmwareBytes = 1_769_472;
/** `*.signed.bin`: the signature the firmware reads off the front of the first chunk. */
export const signatureBytes = 512;

const imageMagic = 0xe9;
const headerBytes = 24;
const segmentHeaderBytes = 8;
const maxSegments = 16;
const checksumSeed = 0xef;
const appDescMagic = 0xabcd5432;
const appDescBytes = 256;

export interface AppDescription {
  /** What the charger reports as `version` once it runs this image (e.g. "v3.11.2"). */
  version: string;
  projectName: string;
  /** Build date and time as the compiler wrote them ("Nov 30 2026", "12:01:02"). */
  date: string;
  time: string;
  idfVersion: string;
}

export type ImageProblem = 'too-big' | 'magic' | 'truncated' | 'segments' | 'checksum' | 'hash' | 'no-app';

export type ImageCheck =
  | { ok: true; app: AppDescription; imageBytes: number }
  | { ok: false; problem: ImageProblem; message: string };

const fail = (problem: ImageProblem, message: string): ImageCheck => ({ ok: false, problem, message });

function text(bytes: Uint8Array, at: number, length: number): string {
  const slice = bytes.subarray(at, at + length);
  const end = slice.indexOf(0);
  return new TextDecoder().decode(end === -1 ? slice : slice.subarray(0, end));
}

/**
 * Checks an application image. `sha256` is passed in so this file runs anywhere (main and the
 * simulator give Node's). A signed file's signature is cut off by the caller first.
 */
export function checkEspImage(image: Uint8Array, sha256: (data: Uint8Array) => Uint8Array): ImageCheck {
  if (image.length > maxFirmwareBytes)
    return fail(
      'too-big',
      `The image is ${image.length} bytes; a SmartEVSE takes at most ${maxFirmwareBytes}`,
    );
  if (image.length < headerBytes || image[0] !== imageMagic)
    return fail('magic', 'This is not an ESP32 firmware image (it does not start with the image header)');
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const segments = image[1]!;
  if (segments === 0 || segments > maxSegments)
    return fail('segments', `The image header names ${segments} segments (1–${maxSegments} allowed)`);
  const hashAppended = image[23] === 1;
  let at = headerBytes;
  let checksum = checksumSeed;
  let firstSegment: { at: number; length: number } | undefined;
  for (let i = 0; i < segments; i++) {
    if (at + segmentHeaderBytes > image.length)
      return fail('truncated', 'The image ends inside a segment header');
    const length = view.getUint32(at + 4, true);
    at += segmentHeaderBytes;
    if (at + length > image.length) return fail('truncated', 'The image ends inside a segment');
    firstSegment ??= { at, length };
    for (let j = at; j < at + length; j++) checksum ^= image[j]!;
    at += length;
  }
  // The checksum byte sits at the last byte of the next 16-byte boundary.
  at += 15 - (at % 16);
  if (at >= image.length) return fail('truncated', 'The image ends before its checksum');
  if (image[at] !== checksum)
    return fail('checksum', 'The image’s checksum does not match: the file is damaged');
  at += 1;
  if (hashAppended) {
    if (at + 32 > image.length) return fail('truncated', 'The image ends before its SHA-256');
    const expected = sha256(image.subarray(0, at));
    const stored = image.subarray(at, at + 32);
    if (!stored.every((byte, i) => byte === expected[i]))
      return fail('hash', 'The image’s SHA-256 does not match: the file is damaged');
    at += 32;
  }
  const app = firstSegment!;
  if (app.length < appDescBytes || view.getUint32(app.at, true) !== appDescMagic)
    return fail('no-app', 'The image has no application description (not an application image)');
  return {
    ok: true,
    imageBytes: at,
    app: {
      version: text(image, app.at + 16, 32),
      projectName: text(image, app.at + 48, 32),
      time: text(image, app.at + 80, 16),
      date: text(image, app.at + 96, 16),
      idfVersion: text(image, app.at + 112, 32),
    },
  };
}
