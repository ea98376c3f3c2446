// Goal: Studio and the simulator read a firmware image the way the ESP32's updater checks it:
// version from the application description, and a damaged or foreign file refused with the reason.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkEspImage, maxFirmwareBytes } from '$shared/firmware/esp-image';
import { firmwareImage } from '../support/firmware-image';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

describe('checkEspImage', () => {
  it('reads the version and project of a good image', () => {
    const result = checkEspImage(firmwareImage({ version: 'v3.12.0', bytes: 300_000 }), sha256);
    expect(result).toMatchObject({ ok: true, app: { version: 'v3.12.0', projectName: 'SmartEVSE' } });
  });

  it('refuses a file that is not an image, a damaged one, and one too big', () => {
    const good = firmwareImage({ version: 'v3.12.0', bytes: 100_000 });
    expect(checkEspImage(Buffer.from('<html>not found</html>'), sha256)).toMatchObject({ problem: 'magic' });
    const flipped = Buffer.from(good);
    flipped[5000] = flipped[5000]! ^ 0xff;
    expect(checkEspImage(flipped, sha256)).toMatchObject({ problem: 'checksum' });
    const hashOnly = Buffer.from(good);
    hashOnly[hashOnly.length - 1] = hashOnly[hashOnly.length - 1]! ^ 0x01;
    expect(checkEspImage(hashOnly, sha256)).toMatchObject({ problem: 'hash' });
    expect(checkEspImage(good.subarray(0, 50_000), sha256)).toMatchObject({ problem: 'truncated' });
    const big = Buffer.concat([good, Buffer.alloc(maxFirmwareBytes)]);
    expect(checkEspImage(big, sha256)).toMatchObject({ problem: 'too-big' });
  });
});
