import { SharedDeviceIds } from '../../src/adapters/ingest';
import { TokenService } from '../../src/application/security/token-service';
import { httpSecurity } from '../../src/cli/serve/serve-security';
import { cliSecuritySettings } from '../../src/composition/cli-root';
import { type HttpFixture, httpFixture } from '../http/http-fixture';
import { FIX_SECONDS, JSON_TYPE, OWNTRACKS_BOOKLET_LOCATION } from './client-fixtures';

describe('SharedDeviceIds', () => {
  it('reports a device id once when a second token sends for it, and lists it with every token', () => {
    const found: unknown[] = [];
    const ids = new SharedDeviceIds({ onShared: (shared) => found.push(shared) });
    ids.observe(['user:device'], 'tok-a', 1);
    ids.observe(['user:device'], 'tok-a', 2);
    expect(found).toEqual([]);
    ids.observe(['user:device'], 'tok-b', 3);
    ids.observe(['user:device'], 'tok-a', 4);
    ids.observe(['user:device'], 'tok-c', 5);
    expect(found).toEqual([{ deviceId: 'user:device', tokenIds: ['tok-a', 'tok-b'], since: 3, lastAt: 3 }]);
    expect(ids.list()).toEqual([
      { deviceId: 'user:device', tokenIds: ['tok-a', 'tok-b', 'tok-c'], since: 3, lastAt: 5 },
    ]);
  });

  it('forgets the least recently seen device ids past its capacity', () => {
    const ids = new SharedDeviceIds({ capacity: 2 });
    ids.observe(['a'], 't1', 1);
    ids.observe(['b'], 't1', 2);
    ids.observe(['c'], 't1', 3);
    ids.observe(['a'], 't2', 4);
    expect(ids.list()).toEqual([]);
    ids.observe(['c'], 't2', 5);
    expect(ids.list().map((s) => s.deviceId)).toEqual(['c']);
  });
});

describe('two phones sending one device id through different tokens, over HTTP', () => {
  let fixture: HttpFixture | undefined;

  afterEach(async () => {
    await fixture?.close();
  });

  it('is noticed from the OwnTracks user and device of each token', async () => {
    const shared = new SharedDeviceIds();
    fixture = await httpFixture(
      { LOCUS_AUTH: 'on' },
      {},
      {
        deps: (root, config) => ({
          security: { ...httpSecurity(root.container, cliSecuritySettings(config)), sharedIds: shared },
        }),
      },
    );
    const tokens = fixture.root.get(TokenService);
    const a = await tokens.create({ label: 'iphone-1', scope: 'ingest' });
    const b = await tokens.create({ label: 'iphone-2', scope: 'ingest' });
    // Two unconfigured iPhones: OwnTracks names both user "user" and device "device".
    const send = (token: string, tst: number) =>
      fixture?.request({
        method: 'POST',
        path: '/owntracks',
        headers: {
          ...JSON_TYPE,
          authorization: `Bearer ${token}`,
          'x-limit-u': 'user',
          'x-limit-d': 'device',
        },
        body: JSON.stringify({ ...OWNTRACKS_BOOKLET_LOCATION, topic: undefined, tst }),
      });
    expect((await send(a.token, FIX_SECONDS))?.status).toBe(202);
    expect(shared.list()).toEqual([]);
    expect((await send(b.token, FIX_SECONDS - 10))?.status).toBe(202);
    expect(shared.list()).toEqual([
      expect.objectContaining({ deviceId: 'user:device', tokenIds: [a.id, b.id] }),
    ]);
  });
});
