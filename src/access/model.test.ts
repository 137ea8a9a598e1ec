import { describe, expect, it } from 'vitest';
import { addressKey, requireRecentSignIn, THROTTLE, throttleDelaySeconds, validatePassword, waitText } from './model.ts';

describe('sign-in throttling rules', () => {
  it('grows the delay from the free-th failure, doubling, to a cap', () => {
    const p = THROTTLE.pair;
    expect([1, 4, 5, 6, 7].map((n) => throttleDelaySeconds(n, p))).toEqual([0, 0, 2, 4, 8]);
    expect(throttleDelaySeconds(1000, p)).toBe(p.capSeconds);
    expect(throttleDelaySeconds(1000, THROTTLE.account)).toBe(5 * 60);
  });

  it('keys IPv4 as is and IPv6 by its /64', () => {
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:db8:0:1:bbbb:cccc:dddd:eeee')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(waitText(1)).toBe('1 sekund');
    expect(waitText(90)).toBe('2 minuter');
  });
});

describe('passwords and recent sign-in', () => {
  it('refuses common and personal passwords, accepts unrelated words', () => {
    expect(() => validatePassword('password1234')).toThrow(/för lätt att gissa/);
    expect(() => validatePassword('qwertyuiop123')).toThrow(/för lätt att gissa/);
    expect(() => validatePassword('petter.arneback1', ['petter.arneback', 'Petter Arneback'])).toThrow(/namn eller användarnamn/);
    expect(() => validatePassword('gurka tåg moln fyrtorn', ['june.fors', 'June Fors'])).not.toThrow();
  });

  it('needs a sign-in within 10 minutes', () => {
    const now = new Date('2026-03-01T10:00:00Z');
    expect(() => requireRecentSignIn({ id: 'u', authenticatedAt: new Date('2026-03-01T09:51:00Z') }, now)).not.toThrow();
    expect(() => requireRecentSignIn({ id: 'u', authenticatedAt: new Date('2026-03-01T09:49:00Z') }, now)).toThrow(expect.objectContaining({ code: 'reauth-required', status: 401 }));
    expect(() => requireRecentSignIn({ id: 'system', system: true }, now)).not.toThrow();
  });
});
