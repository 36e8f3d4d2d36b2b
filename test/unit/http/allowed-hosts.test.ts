import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { checkAllowedHost, hostName } from '../../../workers/api/allowed-hosts';

const LOOPBACK = '127.0.0.1,localhost,[::1]';

function codeOf(host: string, allowed: string | undefined): number {
  try {
    checkAllowedHost(host, allowed);
    return 200;
  } catch (e) {
    if (e instanceof ApiError) return e.code;
    throw e;
  }
}

describe('hostName', () => {
  it.each([
    ['127.0.0.1:8787', '127.0.0.1'],
    ['LOCALHOST', 'localhost'],
    ['[::1]:8787', '[::1]'],
    ['[::1]', '[::1]'],
    ['evil.example:80', 'evil.example'],
  ])('%s → %s', (host, name) => expect(hostName(host)).toBe(name));
});

describe('checkAllowedHost', () => {
  it.each(['127.0.0.1:8787', 'localhost:1', 'localhost', '[::1]:8787', 'LocalHost:9'])('loopback %s is answered', (host) => {
    expect(codeOf(host, LOOPBACK)).toBe(200);
  });

  it.each(['evil.example:8787', 'evil.example', '127.0.0.1.evil.example:8787', 'localhost.evil.example', '', '10.0.0.1:8787'])(
    '%s is 403 Forbidden',
    (host) => expect(codeOf(host, LOOPBACK)).toBe(403),
  );

  it('names added with --allow-host are answered, with any port', () => {
    expect(codeOf('box.lan:8787', `${LOOPBACK},box.lan`)).toBe(200);
    expect(codeOf('other.lan:8787', `${LOOPBACK},box.lan`)).toBe(403);
  });

  it('* answers every host; no list means no check (a deployed Worker)', () => {
    expect(codeOf('evil.example', `${LOOPBACK},*`)).toBe(200);
    expect(codeOf('evil.example', undefined)).toBe(200);
  });

  it('the 403 says how to allow the name', () => {
    try {
      checkAllowedHost('evil.example:8787', LOOPBACK);
      expect.unreachable();
    } catch (e) {
      const status = (e as ApiError).toStatus();
      expect(status).toMatchObject({ kind: 'Status', code: 403, reason: 'Forbidden' });
      expect(status.message).toContain('npm run dev -- --allow-host evil.example');
      expect(status.message).toContain('ALLOWED_HOSTS=evil.example');
    }
  });
});
