import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { freshLocation, postJson, type ServedLocus, serveLocus } from './serve-fixture';

// biome-ignore lint/suspicious/noExplicitAny: the document is read field by field
type Json = any;

describe('GET /openapi.json', () => {
  let served: ServedLocus;
  let document: Json;
  let ajv: Ajv2020;

  beforeAll(async () => {
    served = await serveLocus({ LOCUS_ACCESS_LOG: 'off' });
    const response = await fetch(`${served.url}/openapi.json`);
    expect(response.status).toBe(200);
    document = await response.json();
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'locus', components: document.components });
  });

  afterAll(async () => {
    expect(await served.stop()).toBe(0);
  });

  /** A schema of the document, its `$ref`s resolved against the document's components. */
  const check = (schema: Json, value: unknown): boolean => {
    const validate = ajv.compile(
      JSON.parse(JSON.stringify(schema).replaceAll('"#/components', '"locus#/components')),
    );
    return validate(value) as boolean;
  };
  const requestSchema = () =>
    document.paths['/locations'].post.requestBody.content['application/json'].schema;
  const responseSchema = (status: string) =>
    document.paths['/locations'].post.responses[status].content['application/json'].schema;

  it('is OpenAPI 3.1 with the location schema generated from the validator', () => {
    expect(document.openapi).toBe('3.1.0');
    const location = document.components.schemas.LocationDto;
    expect(location.required).toEqual(['deviceId', 'latitude', 'longitude', 'timestamp']);
    expect(location.properties.latitude).toEqual(expect.objectContaining({ minimum: -90, maximum: 90 }));
    expect(location.properties.deviceId.pattern).toBe('^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$');
    expect(location.properties.accuracy.type).toEqual(['number', 'null']);
  });

  it.each([
    ['one location', freshLocation()],
    [
      'epoch seconds and nulls',
      freshLocation({ timestamp: Math.floor(Date.now() / 1000) - 60, speed: null }),
    ],
    ['a batch', { locations: [freshLocation(), freshLocation({ deviceId: 'tablet.7', heading: 359.5 })] }],
  ])('describes a request the server accepts (%s), and its answer', async (_name, body) => {
    expect(check(requestSchema(), body)).toBe(true);
    const response = await postJson(`${served.url}/locations`, body);
    expect(response.status).toBe(202);
    expect(check(responseSchema('202'), await response.json())).toBe(true);
  });

  it.each([
    ['a latitude out of range', freshLocation({ latitude: 95 })],
    ['a device id with a space', freshLocation({ deviceId: 'my phone' })],
    ['a timestamp that is not a date', freshLocation({ timestamp: 'yesterday' })],
    ['no device id', { latitude: 1, longitude: 2, timestamp: freshLocation().timestamp }],
    ['a number sent as a string', freshLocation({ longitude: '139.7' })],
  ])('refuses in the schema what the server refuses (%s), and describes the 400', async (_name, body) => {
    expect(check(requestSchema(), body)).toBe(false);
    const response = await postJson(`${served.url}/locations`, body);
    expect(response.status).toBe(400);
    expect(check(responseSchema('400'), await response.json())).toBe(true);
  });
});
