/**
 * Firmware images for tests and benchmarks, built to the ESP-IDF application image format (header,
 * segments, checksum, SHA-256, application description) so the simulator's updater and Studio's
 * checks see what a real `firmware.bin` holds. The filler is random, not code: nothing runs it.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface ImageOptions {
  version: string;
  projectName?: string;
  /** Total file size in bytes (default about 1.2 MB). */
  bytes?: number;
}

function field(target: Buffer, at: number, length: number, value: string): void {
  target.write(value.slice(0, length - 1), at, 'utf8');
}

export function firmwareImage({
  version,
  projectName = 'SmartEVSE',
  bytes = 1_200_000,
}: ImageOptions): Buffer {
  // One data segment holding the application description, then one filler segment.
  const desc = Buffer.alloc(256);
  desc.writeUInt32LE(0xabcd5432, 0);
  field(desc, 16, 32, version);
  field(desc, 48, 32, projectName);
  field(desc, 80, 16, '12:00:00');
  field(desc, 96, 16, 'Dec  1 2026');
  field(desc, 112, 32, 'v5.1.4');
  const overhead = 24 + 8 + desc.length + 8 + 16 + 32;
  const filler = randomBytes(Math.max(16, bytes - overhead) & ~3);
  const header = Buffer.alloc(24);
  header[0] = 0xe9;
  header[1] = 2;
  header.writeUInt32LE(0x40080000, 4);
  header[23] = 1; // SHA-256 appended
  const segment = (loadAddr: number, data: Buffer) => {
    const h = Buffer.alloc(8);
    h.writeUInt32LE(loadAddr, 0);
    h.writeUInt32LE(data.length, 4);
    return Buffer.concat([h, data]);
  };
  const body = Buffer.concat([header, segment(0x3f400020, desc), segment(0x400d0020, filler)]);
  let checksum = 0xef;
  for (const b of desc) checksum ^= b;
  for (const b of filler) checksum ^= b;
  const pad = 15 - (body.length % 16);
  const withChecksum = Buffer.concat([body, Buffer.alloc(pad), Buffer.from([checksum])]);
  const hash = createHash('sha256').update(withChecksum).digest();
  return Buffer.concat([withChecksum, hash]);
}
