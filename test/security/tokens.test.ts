import { promises as fs } from 'node:fs';
import { SqliteTokenStore, securityDatabaseFile } from '../../src/adapters/local/sqlite-token-store';
import { readCredentials } from '../../src/application/security/credentials';
import { deviceIdsOf, IngestGuard } from '../../src/application/security/ingest-guard';
import { exceedsJsonDepth } from '../../src/application/security/json-depth';
import { RateLimiter } from '../../src/application/security/rate-limiter';
import {
  hashSecret,
  issueSecret,
  secretMatches,
  splitToken,
} from '../../src/application/security/token-secret';
import { TokenService } from '../../src/application/security/token-service';
import { TokenVerifier } from '../../src/application/security/token-verifier';
import { TOKENS } from '../../src/application/tokens';
import { readSecuritySettings } from '../../src/config/security-settings';
import { tempDataDir } from '../adapters/local/temp-data-dir';
import { ManualClock } from '../support/manual-clock';
import { basic, exposedSettings, securityContainer } from './security-fixture';

describe('token secrets', () => {
  it('issues <id>.<secret> tokens whose hash matches only their own secret', () => {
    const a = issueSecret();
    const b = issueSecret();
    expect(a.token).toMatch(/^[a-z0-9]{12}\.[A-Za-z0-9_-]{43}$/);
    expect(splitToken(a.token)).toEqual({ id: a.id, secret: a.secret });
    const stored = hashSecret(a.secret);
    expect(stored).not.toContain(a.secret);
    expect(secretMatches(a.secret, stored)).toBe(true);
    expect(secretMatches(b.secret, stored)).toBe(false);
    expect(secretMatches(a.secret, hashSecret(a.secret))).toBe(true);
    expect(hashSecret(a.secret)).not.toBe(stored);
  });

  it('reads bearer tokens and HTTP Basic (token as password, or id and secret)', () => {
    const { id, secret, token } = issueSecret();
    const expected = { kind: 'token', token: { id, secret } };
    expect(readCredentials(`Bearer ${token}`)).toEqual(expected);
    expect(readCredentials(`bearer   ${token}`)).toEqual(expected);
    expect(readCredentials(basic('my-phone', token))).toEqual(expected);
    expect(readCredentials(basic(id, secret))).toEqual(expected);
    expect(readCredentials(undefined)).toEqual({ kind: 'none' });
    expect(readCredentials('Bearer nope')).toEqual({ kind: 'malformed' });
    expect(readCredentials(basic('user', 'password'))).toEqual({ kind: 'malformed' });
    expect(readCredentials('Digest abc')).toEqual({ kind: 'malformed' });
  });
});

describe('TokenVerifier', () => {
  const setUp = (variables: Record<string, string> = {}) => {
    const { container, clock } = securityContainer(exposedSettings(variables));
    return {
      tokens: container.get(TokenService),
      verifier: container.get(TokenVerifier),
      store: container.get(TOKENS.tokens),
      clock,
    };
  };

  it('accepts a valid token for its scope only, and binds it to its devices', async () => {
    const { tokens, verifier } = setUp();
    const device = await tokens.create({ label: 'fleet', scope: 'ingest', devices: ['phone-1', 'phone-2'] });
    const analyst = await tokens.create({ label: 'analyst', scope: 'download' });
    const outcome = await verifier.verify(`Bearer ${device.token}`, 'ingest');
    expect(outcome).toEqual({
      ok: true,
      principal: {
        tokenId: device.id,
        label: 'fleet',
        scope: 'ingest',
        devices: new Set(['phone-1', 'phone-2']),
      },
    });
    expect(await verifier.verify(`Bearer ${device.token}`, 'download')).toEqual({
      ok: false,
      reason: 'wrong_scope',
    });
    expect(await verifier.verify(`Bearer ${analyst.token}`, 'download')).toEqual(
      expect.objectContaining({ ok: true }),
    );
  });

  it('refuses unknown ids and wrong secrets alike, and missing or malformed headers', async () => {
    const { tokens, verifier } = setUp();
    const created = await tokens.create({ label: 'a', scope: 'ingest' });
    const other = issueSecret();
    expect(await verifier.verify(`Bearer ${created.id}.${other.secret}`, 'ingest')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await verifier.verify(`Bearer ${other.token}`, 'ingest')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await verifier.verify(undefined, 'ingest')).toEqual({ ok: false, reason: 'missing' });
    expect(await verifier.verify('Bearer x', 'ingest')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('consults the store once per token and cache period; a revocation shows once the period is over', async () => {
    const { tokens, verifier, store, clock } = setUp({ LOCUS_TOKEN_CACHE: '30s' });
    const created = await tokens.create({ label: 'a', scope: 'ingest' });
    const get = jest.spyOn(store, 'get');
    for (let i = 0; i < 5; i++)
      expect((await verifier.verify(`Bearer ${created.token}`, 'ingest')).ok).toBe(true);
    expect(get).toHaveBeenCalledTimes(1);
    await tokens.revoke(created.id);
    get.mockClear();
    expect((await verifier.verify(`Bearer ${created.token}`, 'ingest')).ok).toBe(true);
    expect(get).not.toHaveBeenCalled();
    clock.advance(30_001);
    expect(await verifier.verify(`Bearer ${created.token}`, 'ingest')).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('lists tokens without their hashes and revokes by id or by the token text', async () => {
    const { tokens, clock } = setUp();
    const a = await tokens.create({ label: 'a', scope: 'ingest', devices: ['d1'] });
    clock.advance(1);
    const b = await tokens.create({ label: 'b', scope: 'download' });
    expect(await tokens.hasActive('ingest')).toBe(true);
    await tokens.revoke(a.token);
    const listed = await tokens.list();
    expect(listed.map((t) => [t.id, t.revokedAt !== null])).toEqual([
      [a.id, true],
      [b.id, false],
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/sha256|secret/i);
    expect(await tokens.hasActive('ingest')).toBe(false);
    await expect(tokens.revoke('zzzzzzzzzzzz')).rejects.toThrow('no token zzzzzzzzzzzz');
    await expect(tokens.create({ label: 'x', scope: 'ingest', devices: ['-bad'] })).rejects.toThrow(
      'not device ids',
    );
  });
});

describe('SqliteTokenStore', () => {
  it('keeps tokens and one link key across connections, in a file only its owner can read', async () => {
    const temp = await tempDataDir();
    try {
      const first = new SqliteTokenStore({ dataDir: temp.dataDir });
      const { id, secret } = issueSecret();
      const token = {
        id,
        label: 'a',
        scope: 'ingest' as const,
        secretHash: hashSecret(secret),
        devices: ['p1'],
        createdAt: 1,
        revokedAt: null,
      };
      await first.put(token);
      const key = await first.key('report-links');
      await first.close();
      const second = new SqliteTokenStore({ dataDir: temp.dataDir });
      expect(await second.get(id)).toEqual(token);
      expect(await second.get('nothere00000')).toBeUndefined();
      await second.put({ ...token, revokedAt: 5 });
      expect(await second.list()).toEqual([{ ...token, revokedAt: 5 }]);
      expect(Buffer.from(await second.key('report-links')).equals(Buffer.from(key))).toBe(true);
      expect(key.length).toBe(32);
      await second.close();
      const mode = (await fs.stat(securityDatabaseFile(temp.dataDir))).mode & 0o777;
      expect(mode).toBe(0o600);
      const raw = await fs.readFile(securityDatabaseFile(temp.dataDir));
      expect(raw.includes(Buffer.from(secret))).toBe(false);
    } finally {
      await temp.remove();
    }
  });
});

describe('abuse limits', () => {
  it('lets a burst through, then answers with the seconds until the next request', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ amount: 3, perMs: 60_000 }, clock);
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limiter.take('b').ok).toBe(true);
    clock.advance(20_000);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });

  it('keeps memory bounded by forgetting full buckets', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ amount: 2, perMs: 1_000 }, clock, 10);
    for (let i = 0; i < 10; i++) limiter.take(`ip-${i}`);
    clock.advance(1_000);
    for (let i = 10; i < 100; i++) expect(limiter.take(`ip-${i}`).ok).toBe(true);
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(10);
  });

  it('measures JSON depth outside strings only', () => {
    expect(exceedsJsonDepth('{"locations":[{"deviceId":"a"}]}', 3)).toBe(false);
    expect(exceedsJsonDepth('{"locations":[{"deviceId":"a"}]}', 2)).toBe(true);
    expect(exceedsJsonDepth(`{"x":"${'['.repeat(100)}"}`, 2)).toBe(false);
    expect(exceedsJsonDepth(`{"x":"\\"${'['.repeat(100)}"}`, 2)).toBe(false);
    expect(exceedsJsonDepth('['.repeat(10_000), 16)).toBe(true);
  });

  it('refuses posts for devices the token is not bound to (403), and any device for an unbound token', async () => {
    const { container } = securityContainer();
    const guard = container.get(IngestGuard);
    const devices = new Set(['p1']);
    const principal = { tokenId: 'x', label: 'x', scope: 'ingest' as const, devices };
    expect(guard.checkDevices(principal, ['p1'])).toBeUndefined();
    expect(guard.checkDevices(principal, ['p1', 'p2'])).toEqual({
      reason: 'forbidden',
      message: 'this token may not post locations of device "p2"',
    });
    expect(guard.checkDevices({ ...principal, devices: null }, ['p2'])).toBeUndefined();
    expect(guard.checkDevices(null, ['p2'])).toBeUndefined();
  });

  it('admits every request without a check only when neither tokens nor an address limit apply', () => {
    const guardOf = (variables: Record<string, string>) =>
      securityContainer(exposedSettings(variables)).container.get(IngestGuard);
    expect(guardOf({ LOCUS_AUTH: 'off', LOCUS_RATE_LIMITS: 'off' }).admitsAll).toBe(true);
    expect(guardOf({ LOCUS_RATE_LIMITS: 'off' }).admitsAll).toBe(false);
    expect(guardOf({ LOCUS_AUTH: 'off' }).admitsAll).toBe(false);
  });

  it('reads the device ids of one location or of a list of them, as sent', () => {
    expect(deviceIdsOf({ deviceId: 'p1' })).toEqual(['p1']);
    expect(
      deviceIdsOf({ locations: [{ deviceId: 'p1' }, { deviceId: 'p2' }, { deviceId: 3 }, 'x'] }),
    ).toEqual(['p1', 'p2']);
    expect(deviceIdsOf([{ deviceId: 'p1' }])).toEqual([]);
  });
});

describe('security settings', () => {
  it('needs tokens, limits and private downloads when exposed; none on loopback by default', () => {
    const exposed = readSecuritySettings({}, { exposed: true, defaultPublicUrl: 'http://0.0.0.0:3000' });
    expect(exposed).toEqual(expect.objectContaining({ auth: true, downloads: 'private' }));
    expect(exposed.rateLimits.perIp).toEqual({ amount: 1200, perMs: 60_000 });
    const local = readSecuritySettings({}, { exposed: false, defaultPublicUrl: 'http://127.0.0.1:3000' });
    expect(local).toEqual(
      expect.objectContaining({
        auth: false,
        downloads: 'local',
        rateLimits: { perIp: null, perToken: null },
      }),
    );
    const explicit = readSecuritySettings(
      {
        LOCUS_AUTH: 'on',
        LOCUS_DOWNLOADS: 'public',
        LOCUS_RATE_LIMIT_IP: '10/s',
        LOCUS_RATE_LIMIT_TOKEN: 'off',
      },
      { exposed: false, defaultPublicUrl: 'http://127.0.0.1:3000' },
    );
    expect(explicit).toEqual(expect.objectContaining({ auth: true, downloads: 'public' }));
    expect(explicit.rateLimits).toEqual({ perIp: { amount: 10, perMs: 1_000 }, perToken: null });
  });

  it('names every bad value', () => {
    expect(() =>
      readSecuritySettings(
        { LOCUS_AUTH: 'maybe', LOCUS_RATE_LIMIT_IP: 'lots', LOCUS_PUBLIC_URL: 'ftp://x' },
        { exposed: true, defaultPublicUrl: 'http://x:1' },
      ),
    ).toThrow(/LOCUS_AUTH "maybe"[\s\S]*LOCUS_RATE_LIMIT_IP "lots"[\s\S]*LOCUS_PUBLIC_URL "ftp:\/\/x"/);
  });
});
