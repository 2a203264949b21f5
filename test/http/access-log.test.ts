import { freshLocation, postJson, type ServedLocus, serveLocus } from './serve-fixture';

describe('the access log of locus serve', () => {
  let served: ServedLocus | undefined;

  afterEach(async () => {
    expect(await served?.stop()).toBe(0);
    served = undefined;
  });

  const requestLines = () => (served?.io.logs() ?? []).filter((line) => line.msg === 'request');

  it('writes one info line per request with counts, never coordinates or tokens', async () => {
    served = await serveLocus({ LOCUS_LOG_LEVEL: 'info' });
    const batch = {
      locations: [freshLocation(), freshLocation({ deviceId: 'phone-7' }), freshLocation({ longitude: 200 })],
    };
    expect((await postJson(`${served.url}/locations`, batch)).status).toBe(202);
    const osmand = `${served.url}/osmand?id=car-1&lat=48.858844&lon=2.294351&timestamp=${Math.floor(Date.now() / 1000) - 60}&token=abc.secret-value`;
    expect((await fetch(osmand)).status).toBe(202);
    expect((await fetch(`${served.url}/reports/2026-11-28.csv`)).status).toBe(404);

    const lines = requestLines();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual(
      expect.objectContaining({
        level: 'info',
        method: 'POST',
        route: '/locations',
        status: 202,
        accepted: 2,
        rejected: 1,
        devices: 2,
        requestId: expect.any(String),
        ms: expect.any(Number),
      }),
    );
    expect(lines[1]).toEqual(
      expect.objectContaining({ method: 'GET', route: '/osmand', status: 202, accepted: 1, devices: 1 }),
    );
    expect(lines[2]).toEqual(expect.objectContaining({ route: '/reports/:file', status: 404 }));
    expect(lines[2]).not.toHaveProperty('accepted');
    const text = served.io.stderrText;
    for (const secret of [
      '35.681236',
      '139.767125',
      '48.858844',
      '2.294351',
      'secret-value',
      '2026-11-28.csv',
    ])
      expect(text).not.toContain(secret);
  });

  it('is silent with LOCUS_ACCESS_LOG=off', async () => {
    served = await serveLocus({ LOCUS_LOG_LEVEL: 'info', LOCUS_ACCESS_LOG: 'off' });
    expect((await postJson(`${served.url}/locations`, freshLocation())).status).toBe(202);
    expect(requestLines()).toEqual([]);
    expect(served.io.logs().some((line) => line.msg === 'listening')).toBe(true);
  });
});
