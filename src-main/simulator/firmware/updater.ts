/**
 * The firmware's `/update` upload (§3.13) as the charger's updater runs it: `POST
 * /update?offset=&file=&size=` with one raw chunk per request, appended in arrival order (the
 * firmware does not check the offset; 0 starts a new upload). The image is checked like the ESP32's
 * updater does (first byte, then segments, checksum and SHA-256 at the end). A good `firmware.bin`
 * restarts the charger at once, without answering the last chunk (it reboots even while charging);
 * a good signed image asks for the deferred reboot. Until that restart the charger runs, and
 * reports, its old version; an unfinished or refused upload leaves it there.
 */
import { createHash } from 'node:crypto';
import { checkEspImage, maxFirmwareBytes, signatureBytes } from '$shared/firmware/esp-image';
import type { Device } from './device';
import { atol, type Query } from './query';

export const updateNames = [
  'firmware.bin',
  'firmware.debug.bin',
  'firmware.signed.bin',
  'firmware.debug.signed.bin',
  'rfid.txt',
];

export interface UploadSession {
  file: string;
  size: number;
  chunks: Buffer[];
  /** The updater hit an error (bad first byte): later chunks are not written. */
  failed: boolean;
  signed: boolean;
}

export type UpdateOutcome =
  | { kind: 'reply'; status: number; body: string }
  /** The charger restarts before it answers: the client sees the connection close. */
  | { kind: 'restart' };

const answer = (status: number, body: string): UpdateOutcome => ({ kind: 'reply', status, body });
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

export function uploadChunk(device: Device, query: Query, body: Buffer): UpdateOutcome {
  const file = query.get('file') ?? '';
  // A missing offset reads as 0 (the firmware parses an empty string); only a negative one is refused.
  const offset = atol(query.get('offset'));
  const size = atol(query.get('size'));
  if (file === '') return answer(400, 'file required');
  if (offset < 0) return answer(400, 'offset required');
  if (offset + body.length > maxFirmwareBytes) return answer(400, `over max size of ${maxFirmwareBytes}`);
  if (size <= 0) return answer(400, 'size required');
  if (!updateNames.includes(file) || file === 'rfid.txt')
    return file === 'rfid.txt'
      ? answer(200, String(offset + body.length))
      : answer(400, `only allowed to flash ${updateNames.slice(0, 4).join(', ')} or rfid.txt`);

  const signed = file.includes('.signed.');
  if (offset === 0) {
    let chunk = body;
    if (signed) chunk = body.subarray(signatureBytes);
    // The updater checks the first byte of the image as it is written.
    device.upload = { file, size, chunks: [chunk], failed: chunk[0] !== 0xe9, signed };
  } else if (device.upload && !device.upload.failed) device.upload.chunks.push(body);
  const session = device.upload;
  if (!session || offset + body.length < size) return answer(200, '0');

  // The last chunk: the updater ends and checks the whole image.
  delete device.upload;
  const checked = session.failed ? undefined : checkEspImage(Buffer.concat(session.chunks), sha256);
  if (!checked?.ok)
    return session.signed ? answer(400, 'firmware.signed.bin update failed!') : answer(200, '0');
  if (session.signed)
    // The simulator holds no project signing key, so it cannot find any signature valid.
    return answer(400, 'firmware.signed.bin update failed!');
  device.pendingVersion = checked.app.version;
  device.site.reboot(device.member);
  return { kind: 'restart' };
}
