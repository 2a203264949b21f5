/**
 * Malformed and hostile requests to `POST /locations`, each with the answer the contract documents
 * (DESIGN.md, "Responses"): 400 when nothing valid was sent, with a clear message; 413 when the
 * body is too large; 415 when it is not JSON. A few well-formed but odd requests (unknown fields,
 * duplicate keys, boundary values) are accepted, as documented, and say how many records they add.
 * The same catalogue runs against the local server over HTTP and against the parse_request handler.
 */

export interface ExpectedAnswer {
  readonly status: number;
  /** The `error` field of the JSON answer (absent on 202). */
  readonly error?: string;
  /** What the `message` field must say. */
  readonly message?: RegExp;
  /** For 400 with item rejections: the field named by the first rejection and its reason. */
  readonly field?: string;
  readonly reason?: RegExp;
  /** On 202: how many records the request adds (the queue grows by one message). */
  readonly accepted?: number;
  /** On 202: a check of the ids answered (e.g. not the id the request tried to impose). */
  readonly ids?: (ids: readonly string[]) => boolean;
}

export interface BadInput {
  readonly name: string;
  /** The raw body (a Buffer when it is not valid UTF-8 text). */
  readonly body: string | Buffer;
  /** The Content-Type header; `null` sends none. */
  readonly contentType: string | null;
  readonly expect: ExpectedAnswer;
}

const DAY = 86_400_000;

const invalidRequest = (field: string, reason: RegExp): ExpectedAnswer => ({
  status: 400,
  error: 'invalid_request',
  message: /no valid location in the request/,
  field,
  reason,
});

const invalidJson = (message: RegExp = /the body is not valid JSON/): ExpectedAnswer => ({
  status: 400,
  error: 'invalid_json',
  message,
});

const malformed = (message: RegExp): ExpectedAnswer => ({ status: 400, error: 'invalid_request', message });

const accepted = (count = 1, ids?: (ids: readonly string[]) => boolean): ExpectedAnswer => ({
  status: 202,
  accepted: count,
  ...(ids === undefined ? {} : { ids }),
});

/**
 * The catalogue, for a server whose clock reads about `now` and whose body limit is
 * `maxBodyBytes` (the default settings otherwise: 1,000 items, 5 minutes of skew, 366 days of age).
 */
export const badInputCatalogue = (now: number, maxBodyBytes: number): BadInput[] => {
  const iso = (ms: number) => new Date(ms).toISOString();
  const valid = {
    deviceId: 'phone-0042',
    latitude: 35.681236,
    longitude: 139.767125,
    timestamp: iso(now - 60_000),
  };
  const json = (value: unknown) => JSON.stringify(value);
  const cases: BadInput[] = [];
  const add = (
    name: string,
    body: string | Buffer,
    expect: ExpectedAnswer,
    contentType: string | null = 'application/json',
  ) => cases.push({ name, body, contentType, expect });
  const field = (name: string, value: unknown, expect: ExpectedAnswer) =>
    add(
      name,
      json({ ...valid, [Object.keys(value as object)[0] as string]: Object.values(value as object)[0] }),
      expect,
    );
  const without = (key: keyof typeof valid) => {
    const { [key]: _dropped, ...rest } = valid;
    return rest;
  };

  // The body as a whole.
  add('broken JSON: cut short', '{"deviceId": "phone-1", "latitude": 35.6', invalidJson());
  add('broken JSON: single quotes', "{'deviceId': 'phone-1'}", invalidJson());
  add('broken JSON: trailing comma', `${json(valid).slice(0, -1)},}`, invalidJson());
  add('broken JSON: a NaN literal', json(valid).replace('35.681236', 'NaN'), invalidJson());
  add('broken JSON: an Infinity literal', json(valid).replace('35.681236', 'Infinity'), invalidJson());
  add('broken JSON: two documents', `${json(valid)}${json(valid)}`, invalidJson());
  add('broken JSON: a byte-order mark first', `\ufeff${json(valid)}`, invalidJson());
  add('broken JSON: bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x22, 0x7d]), invalidJson());
  add('empty body', '', invalidJson(/the body is empty/));
  add('a body of blanks', '  \n\t ', invalidJson(/the body is empty/));
  add(
    'wrong content type: text/plain',
    json(valid),
    { status: 415, error: 'unsupported_media_type' },
    'text/plain',
  );
  add(
    'wrong content type: a form',
    'deviceId=phone-1&latitude=1',
    { status: 415, error: 'unsupported_media_type' },
    'application/x-www-form-urlencoded',
  );
  add(
    'wrong content type: CSV',
    'phone-1,35.6,139.7',
    { status: 415, error: 'unsupported_media_type' },
    'text/csv',
  );
  add('no content type', json(valid), { status: 415, error: 'unsupported_media_type' }, null);
  const huge = json({ locations: [valid], padding: 'x'.repeat(maxBodyBytes) });
  add('a body over the size limit', huge, {
    status: 413,
    error: 'payload_too_large',
    message: new RegExp(`${maxBodyBytes} bytes`),
  });
  const tooDeep: ExpectedAnswer = {
    status: 400,
    error: 'invalid_json',
    message: /the body nests deeper than \d+ levels/,
  };
  const nested = (depth: number, inner = '1') => `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
  add('deeply nested arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, tooDeep);
  add('deeply nested objects', nested(20_000), tooDeep);
  add('an unknown field nested 2,000 deep', json(valid).replace('{', `{"extra":${nested(2_000)},`), tooDeep);
  add('an unknown field nested 8 deep', json(valid).replace('{', `{"extra":${nested(8)},`), accepted());
  add('null', 'null', malformed(/the body must be a JSON object/));
  add('a string', '"phone-1"', malformed(/the body must be a JSON object/));
  add('a number', '42', malformed(/the body must be a JSON object/));
  add('a boolean', 'true', malformed(/the body must be a JSON object/));
  add('an array where an object belongs', json([valid]), malformed(/not a bare array/));
  add('"locations" as an object', json({ locations: valid }), malformed(/"locations" must be an array/));
  add(
    '"locations" as a string',
    json({ locations: 'all of them' }),
    malformed(/"locations" must be an array/),
  );
  add('"locations" as null', json({ locations: null }), malformed(/"locations" must be an array/));
  add('"locations" empty', json({ locations: [] }), malformed(/"locations" is empty/));
  add(
    '1,001 items in a batch',
    json({ locations: Array.from({ length: 1001 }, () => valid) }),
    malformed(/at most 1000 locations per request, got 1001/),
  );
  add(
    'items that are numbers',
    json({ locations: [1, 2] }),
    invalidRequest('', /a location must be a JSON object/),
  );
  add(
    'items that are arrays',
    json({ locations: [[35.6, 139.7]] }),
    invalidRequest('', /a location must be a JSON object/),
  );
  add(
    'items that are null',
    json({ locations: [null] }),
    invalidRequest('', /a location must be a JSON object/),
  );
  add(
    'every item of a batch invalid',
    json({
      locations: [
        { ...valid, latitude: 91 },
        { ...valid, longitude: 'east' },
      ],
    }),
    invalidRequest('latitude', /between -90 and 90/),
  );

  // Missing fields and wrong types.
  add('no deviceId', json(without('deviceId')), invalidRequest('deviceId', /deviceId must be/));
  add('no latitude', json(without('latitude')), invalidRequest('latitude', /latitude must be/));
  add('no longitude', json(without('longitude')), invalidRequest('longitude', /longitude must be/));
  add('no timestamp', json(without('timestamp')), invalidRequest('timestamp', /timestamp must be ISO 8601/));
  add('an empty object', '{}', invalidRequest('deviceId', /deviceId must be/));
  field(
    'latitude as a string',
    { latitude: '35.681236' },
    invalidRequest('latitude', /latitude must be a number/),
  );
  field(
    'longitude as a string',
    { longitude: '139.767125' },
    invalidRequest('longitude', /longitude must be a number/),
  );
  field('latitude as null', { latitude: null }, invalidRequest('latitude', /latitude must be a number/));
  field('latitude as a boolean', { latitude: true }, invalidRequest('latitude', /latitude must be a number/));
  field('latitude as "NaN"', { latitude: 'NaN' }, invalidRequest('latitude', /latitude must be a number/));
  field(
    'latitude as "Infinity"',
    { latitude: 'Infinity' },
    invalidRequest('latitude', /latitude must be a number/),
  );
  field('deviceId as a number', { deviceId: 42 }, invalidRequest('deviceId', /deviceId must be a string/));
  field(
    'deviceId as an object',
    { deviceId: { id: 'phone-1' } },
    invalidRequest('deviceId', /deviceId must be a string/),
  );
  field(
    'timestamp as a boolean',
    { timestamp: true },
    invalidRequest('timestamp', /timestamp must be ISO 8601/),
  );
  field(
    'timestamp as an object',
    { timestamp: { seconds: 1 } },
    invalidRequest('timestamp', /timestamp must be ISO 8601/),
  );
  field('accuracy as a string', { accuracy: '5' }, invalidRequest('accuracy', /accuracy must be a number/));
  field('speed as an object', { speed: { value: 3 } }, invalidRequest('speed', /speed must be a number/));
  field('heading as an array', { heading: [90] }, invalidRequest('heading', /heading must be a number/));
  add('deviceId as a deeply nested object', json(valid).replace('"phone-0042"', nested(20_000)), tooDeep);
  add(
    'deviceId as a nested object',
    json(valid).replace('"phone-0042"', nested(4, '"phone-1"')),
    invalidRequest('deviceId', /deviceId must be a string/),
  );
  field(
    'a number written with a comma',
    { latitude: '35,68' },
    invalidRequest('latitude', /latitude must be a number/),
  );

  // Numbers out of range, and numbers JSON cannot hold.
  add(
    'latitude 1e400 (Infinity once parsed)',
    json(valid).replace('35.681236', '1e400'),
    invalidRequest('latitude', /latitude must be a number/),
  );
  add(
    'longitude -1e400',
    json(valid).replace('139.767125', '-1e400'),
    invalidRequest('longitude', /longitude must be a number/),
  );
  add(
    'accuracy 1e400',
    `${json(valid).slice(0, -1)},"accuracy":1e400}`,
    invalidRequest('accuracy', /accuracy must be a number/),
  );
  field('latitude just over 90', { latitude: 90.000001 }, invalidRequest('latitude', /between -90 and 90/));
  field('latitude under -90', { latitude: -90.5 }, invalidRequest('latitude', /between -90 and 90/));
  field(
    'longitude just over 180',
    { longitude: 180.0001 },
    invalidRequest('longitude', /between -180 and 180/),
  );
  field('longitude under -180', { longitude: -181 }, invalidRequest('longitude', /between -180 and 180/));
  field('heading over 360', { heading: 360.5 }, invalidRequest('heading', /between 0 and 360/));
  field('heading negative', { heading: -1 }, invalidRequest('heading', /between 0 and 360/));
  field('speed negative', { speed: -0.1 }, invalidRequest('speed', /speed must be at least 0/));
  field('accuracy negative', { accuracy: -1 }, invalidRequest('accuracy', /accuracy must be at least 0/));
  add(
    'latitude and longitude at their very limits',
    json({ ...valid, latitude: -90, longitude: 180, heading: 360, speed: 0, accuracy: 0 }),
    accepted(),
  );

  // Times.
  field(
    'an impossible date: 2026-02-30',
    { timestamp: '2026-02-30T10:00:00Z' },
    invalidRequest('timestamp', /timestamp must be ISO 8601/),
  );
  field(
    'February 29th of a common year',
    { timestamp: '2027-02-29T10:00:00Z' },
    invalidRequest('timestamp', /timestamp must be ISO 8601/),
  );
  field(
    'month 13',
    { timestamp: '2026-13-01T00:00:00Z' },
    invalidRequest('timestamp', /timestamp must be ISO 8601/),
  );
  field(
    'hour 24',
    { timestamp: '2026-11-28T24:00:00Z' },
    invalidRequest('timestamp', /timestamp must be ISO 8601/),
  );
  field(
    'a time without a zone',
    { timestamp: iso(now - 60_000).slice(0, 19) },
    invalidRequest('timestamp', /timestamp must be ISO 8601/),
  );
  field(
    'a date without a time',
    { timestamp: iso(now).slice(0, 10) },
    invalidRequest('timestamp', /timestamp must be ISO 8601/),
  );
  field(
    'an offset out of range',
    { timestamp: `${iso(now - 60_000).slice(0, 19)}+25:00` },
    invalidRequest('timestamp', /timestamp must be ISO 8601/),
  );
  field('an empty timestamp', { timestamp: '' }, invalidRequest('timestamp', /timestamp must be ISO 8601/));
  field(
    'a free-text timestamp',
    { timestamp: 'yesterday at noon' },
    invalidRequest('timestamp', /timestamp must be ISO 8601/),
  );
  field(
    'negative epoch seconds',
    { timestamp: -1 },
    invalidRequest('timestamp', /timestamp must be ISO 8601/),
  );
  field(
    'a timestamp a day ahead',
    { timestamp: iso(now + DAY) },
    invalidRequest('timestamp', /more than 300 s in the future/),
  );
  field(
    'epoch milliseconds sent as seconds',
    { timestamp: now },
    invalidRequest('timestamp', /more than 300 s in the future/),
  );
  field(
    'a timestamp 400 days old',
    { timestamp: iso(now - 400 * DAY) },
    invalidRequest('timestamp', /older than 366 days/),
  );
  field('the Unix epoch', { timestamp: 0 }, invalidRequest('timestamp', /older than 366 days/));

  // Device ids.
  field(
    'an empty deviceId',
    { deviceId: '' },
    invalidRequest('deviceId', /deviceId must be 1-128 characters/),
  );
  field(
    'a 129-character deviceId',
    { deviceId: 'd'.repeat(129) },
    invalidRequest('deviceId', /deviceId must be 1-128 characters/),
  );
  field(
    'a 100,000-character deviceId',
    { deviceId: 'd'.repeat(100_000) },
    invalidRequest('deviceId', /deviceId must be 1-128 characters/),
  );
  field('a 128-character deviceId', { deviceId: 'd'.repeat(128) }, accepted());
  field(
    'a non-ASCII deviceId (accented)',
    { deviceId: 'café-1' },
    invalidRequest('deviceId', /deviceId must be 1-128 characters/),
  );
  field(
    'a non-ASCII deviceId (Japanese)',
    { deviceId: '東京-1' },
    invalidRequest('deviceId', /deviceId must be 1-128 characters/),
  );
  field(
    'a non-ASCII deviceId (emoji)',
    { deviceId: 'car-🚗' },
    invalidRequest('deviceId', /deviceId must be 1-128 characters/),
  );
  field(
    'a deviceId with a NUL',
    { deviceId: 'phone\u0000-1' },
    invalidRequest('deviceId', /deviceId must be 1-128 characters/),
  );

  // CSV metacharacters in every string field.
  for (const [what, text] of [
    ['a comma', 'a,b'],
    ['a double quote', 'say "hi"'],
    ['a line feed', 'line\nbreak'],
    ['a carriage return', 'line\rbreak'],
    ['a formula', '=HYPERLINK("http://x")'],
    ['a leading @', '@SUM(A1)'],
    ['a leading -', '-2+3'],
    ['a tab', 'tab\there'],
  ] as const) {
    field(
      `${what} in deviceId`,
      { deviceId: text },
      invalidRequest('deviceId', /deviceId must be 1-128 characters/),
    );
    field(
      `${what} in timestamp`,
      { timestamp: `${iso(now - 60_000)}${text}` },
      invalidRequest('timestamp', /timestamp must be ISO 8601/),
    );
    field(
      `${what} in latitude`,
      { latitude: `35${text}` },
      invalidRequest('latitude', /latitude must be a number/),
    );
  }

  // Well-formed oddities, accepted as documented.
  add(
    'unknown fields are ignored',
    json({ ...valid, battery: 80, note: 'a,"b"\n', nested: { x: [1] } }),
    accepted(),
  );
  add(
    'an imposed recordId and receivedAt are ignored',
    json({
      ...valid,
      recordId: '0'.repeat(32),
      receivedAt: '1970-01-01T00:00:00.000Z',
      record_id: 'f'.repeat(32),
    }),
    accepted(1, (ids) => ids.length === 1 && ids[0] !== '0'.repeat(32) && ids[0] !== 'f'.repeat(32)),
  );
  add(
    'duplicate keys: the last one counts (valid)',
    json(valid).replace('"latitude":35.681236', '"latitude":91,"latitude":35.681236'),
    accepted(),
  );
  add(
    'duplicate keys: the last one counts (invalid)',
    json(valid).replace('"latitude":35.681236', '"latitude":35.681236,"latitude":91'),
    invalidRequest('latitude', /between -90 and 90/),
  );
  add('a "__proto__" key', `{"__proto__":{"latitude":1},${json(valid).slice(1)}`, accepted());
  add('a "constructor" key', json({ ...valid, constructor: { prototype: { polluted: true } } }), accepted());
  add('content type with a charset', json(valid), accepted(), 'application/json; charset=utf-8');
  add('a +json content type', json(valid), accepted(), 'application/vnd.locus+json');
  add(
    '1,000 items in a batch',
    json({ locations: Array.from({ length: 1000 }, (_, i) => ({ ...valid, latitude: i / 100 })) }),
    accepted(1000),
  );
  return cases;
};
