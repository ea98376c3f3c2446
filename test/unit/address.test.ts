// Goal: every address a user may type is parsed or refused with a reason, before main sends anything.
// Method: table of inputs and expected host/port or refusal.
import { describe, expect, it } from 'vitest';
import { chargerBaseUrl, formatChargerAddress, parseChargerAddress } from '$shared/contract';

describe('parseChargerAddress', () => {
  it.each([
    ['192.168.1.40', '192.168.1.40', 80],
    ['192.168.1.40:8080', '192.168.1.40', 8080],
    ['SmartEVSE-1234.local', 'smartevse-1234.local', 80],
    ['http://smartevse-1234.local/', 'smartevse-1234.local', 80],
    ['  127.0.0.1:5000  ', '127.0.0.1', 5000],
    ['[::1]:8080', '::1', 8080],
    ['[fe80::1]', 'fe80::1', 80],
    ['localhost', 'localhost', 80],
  ])('accepts %j', (input, host, port) => {
    expect(parseChargerAddress(input)).toEqual({ ok: true, address: { host, port } });
  });

  it.each([
    ['', 'Enter an address'],
    ['https://charger.local', 'http://'],
    ['file:///etc/passwd', 'http://'],
    ['charger.local/settings', 'without a path'],
    ['user@charger.local', 'without a path'],
    ['charger.local:0', 'between 1 and 65535'],
    ['charger.local:65536', 'between 1 and 65535'],
    ['charger.local:http', 'not a port number'],
    ['256.1.1.1', 'not a valid host'],
    ['1.2.3', 'not a valid host'],
    ['-bad-.local', 'not a valid host'],
    ['fe80::1', 'in brackets'],
    ['[zz::1]', 'not an IPv6'],
    ['a'.repeat(301), 'too long'],
    ['two words', 'without a path'],
  ])('refuses %j', (input, reason) => {
    const parsed = parseChargerAddress(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  it('formats addresses back, omitting the default port and bracketing IPv6', () => {
    expect(formatChargerAddress({ host: 'a.local', port: 80 })).toBe('a.local');
    expect(formatChargerAddress({ host: '::1', port: 81 })).toBe('[::1]:81');
    expect(chargerBaseUrl({ host: '::1', port: 81 })).toBe('http://[::1]:81');
  });
});
