import { ReceiveService } from '../../src/application';
import { DEFAULT_CORE_SETTINGS } from '../../src/application/settings';
import { TOKENS } from '../../src/application/tokens';
import { LocusError } from '../../src/ports';
import { eventually } from '../support/eventually';
import { queueThat } from '../support/failing-queue';
import { aLocation, type HttpFixture, httpFixture } from './http-fixture';

describe('POST /locations', () => {
  let fixture: HttpFixture;

  afterEach(async () => {
    await fixture.close();
  });

  const post = (payload: unknown, headers?: Record<string, string>) => fixture.post(payload, headers);

  it('answers 202 with the id of a single location and puts it on the queue', async () => {
    fixture = await httpFixture();
    const response = await post(aLocation());
    expect(response.status).toBe(202);
    const body = response.json();
    expect(body).toEqual({ accepted: 1, ids: [expect.stringMatching(/^[0-9a-f]{32}$/)], rejected: [] });
    const leased = await fixture.root.get(TOKENS.queue).lease(10, 60_000);
    expect(leased.flatMap((m) => m.records.map((r) => r.recordId))).toEqual(body.ids);
    expect(fixture.accepted[0]?.data.byDate).toEqual({ '2026-11-28': 1 });
  });

  it('gives the same id to the same location sent twice', async () => {
    fixture = await httpFixture();
    const first = (await post(aLocation())).json();
    const second = (await post(aLocation())).json();
    expect(second.ids).toEqual(first.ids);
  });

  it('accepts the valid items of a batch and names each invalid one by index, field and reason', async () => {
    fixture = await httpFixture();
    const response = await post({
      locations: [
        aLocation(),
        aLocation({ latitude: 91 }),
        aLocation({ deviceId: 'phone-7' }),
        { deviceId: 'x' },
      ],
    });
    expect(response.status).toBe(202);
    const body = response.json();
    expect(body.accepted).toBe(2);
    expect(body.ids).toHaveLength(2);
    expect(body.rejected).toEqual(
      expect.arrayContaining([
        { index: 1, field: 'latitude', reason: expect.stringContaining('between -90 and 90') },
        expect.objectContaining({ index: 3, field: 'latitude' }),
        expect.objectContaining({ index: 3, field: 'timestamp' }),
      ]),
    );
    expect(body.rejected.every((r: { index: number }) => r.index === 1 || r.index === 3)).toBe(true);
  });

  it('answers 400 with every reason when nothing valid was sent', async () => {
    fixture = await httpFixture();
    const response = await post({
      locations: [aLocation({ longitude: 'east' }), aLocation({ timestamp: 'noon' })],
    });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({
      error: 'invalid_request',
      message: 'no valid location in the request',
      rejected: [
        { index: 0, field: 'longitude', reason: expect.stringContaining('longitude must') },
        { index: 1, field: 'timestamp', reason: expect.stringContaining('ISO 8601') },
      ],
    });
    expect(await fixture.root.get(TOKENS.queue).depth()).toEqual({
      ready: 0,
      leased: 0,
      quarantined: 0,
    });
  });

  it.each([
    ['malformed JSON', '{"deviceId": ', 'invalid_json', /not valid JSON/],
    ['an empty body', '', 'invalid_json', /empty/],
    ['a bare array', '[]', 'invalid_request', /not a bare array/],
    ['a JSON string', '"hello"', 'invalid_request', /must be a JSON object/],
    ['an empty batch', '{"locations": []}', 'invalid_request', /empty/],
  ])('answers 400 to %s with a clear message', async (_name, payload, error, message) => {
    fixture = await httpFixture();
    const response = await post(payload);
    expect(response.status).toBe(400);
    expect(response.json()).toEqual(
      expect.objectContaining({ error, message: expect.stringMatching(message) }),
    );
  });

  it('answers 400 to a batch larger than LOCUS_MAX_BATCH', async () => {
    fixture = await httpFixture({ LOCUS_MAX_BATCH: '2' });
    const response = await post({ locations: [aLocation(), aLocation(), aLocation()] });
    expect(response.status).toBe(400);
    expect(response.json().message).toBe('at most 2 locations per request, got 3');
  });

  it('answers 400 to a timestamp beyond the allowed future skew', async () => {
    fixture = await httpFixture({ LOCUS_MAX_FUTURE_SKEW: '1m' });
    const response = await post(aLocation({ timestamp: '2026-11-28T09:17:00Z' }));
    expect(response.status).toBe(400);
    expect(response.json().rejected[0]).toEqual(expect.objectContaining({ index: 0, field: 'timestamp' }));
  });

  it('answers 413 to a body over LOCUS_MAX_BODY_BYTES', async () => {
    fixture = await httpFixture({ LOCUS_MAX_BODY_BYTES: '1KiB' });
    const locations = Array.from({ length: 20 }, () => aLocation());
    const response = await post({ locations });
    expect(response.status).toBe(413);
    expect(response.json()).toEqual({
      error: 'payload_too_large',
      message: 'the body is larger than 1024 bytes',
    });
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['form data', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['no content type', {} as Record<string, string>],
  ])('answers 415 to %s', async (_name, headers) => {
    fixture = await httpFixture();
    const response = await post(aLocation(), headers);
    expect(response.status).toBe(415);
    expect(response.json().error).toBe('unsupported_media_type');
  });

  it('takes application/json with a charset and +json types', async () => {
    fixture = await httpFixture();
    expect((await post(aLocation(), { 'content-type': 'application/json; charset=utf-8' })).status).toBe(202);
    expect((await post(aLocation(), { 'content-type': 'application/vnd.locus+json' })).status).toBe(202);
  });

  it('answers 503 with retry-after when the queue cannot take the records', async () => {
    const failing = queueThat(async () => {
      throw new LocusError('QUEUE_UNAVAILABLE', 'disk full');
    });
    fixture = await httpFixture({}, { receive: new ReceiveService(failing, DEFAULT_CORE_SETTINGS) });
    const response = await post(aLocation());
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json().error).toBe('unavailable');
    expect(fixture.accepted).toEqual([]);
  });

  it('answers 500 on an unexpected failure and logs it without the coordinates', async () => {
    const broken = queueThat(async () => {
      throw new Error('boom');
    });
    fixture = await httpFixture({}, { receive: new ReceiveService(broken, DEFAULT_CORE_SETTINGS) });
    const response = await post(aLocation({ latitude: 12.345678 }));
    expect(response.status).toBe(500);
    expect(fixture.logLines.join('')).toContain('boom');
    expect(fixture.logLines.join('')).not.toContain('12.345678');
  });

  it('answers 202 only once the queue has resolved the enqueue', async () => {
    let release: () => void = () => {};
    let entered = false;
    const slow = queueThat(
      () =>
        new Promise<void>((resolve) => {
          entered = true;
          release = resolve;
        }),
    );
    fixture = await httpFixture({}, { receive: new ReceiveService(slow, DEFAULT_CORE_SETTINGS) });
    let answered = false;
    const pending = post(aLocation()).then((response) => {
      answered = true;
      return response;
    });
    await eventually(async () => entered, Boolean);
    await new Promise<void>((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    release();
    expect((await pending).status).toBe(202);
  });
});

describe('the ingest server on a real port', () => {
  it('refuses a declared oversized body with 413 before reading it', async () => {
    const fixture = await httpFixture({ LOCUS_MAX_BODY_BYTES: '512' });
    try {
      const big = await fixture.post({ locations: Array.from({ length: 10 }, () => aLocation()) });
      expect(big.status).toBe(413);
      expect(big.json().error).toBe('payload_too_large');
      expect((await fixture.post(aLocation())).status).toBe(202);
    } finally {
      await fixture.close();
    }
  });
});
