import type { FastifyInstance } from 'fastify';
import { dtoSchemas } from './openapi-schemas';

type Schema = Record<string, unknown>;

const json = (schema: Schema) => ({ 'application/json': { schema } });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const answer = (description: string, schema: Schema) => ({ description, content: json(schema) });

const REJECTION: Schema = {
  type: 'object',
  required: ['index', 'field', 'reason'],
  properties: {
    index: { type: 'integer', minimum: 0 },
    field: { type: 'string' },
    reason: { type: 'string' },
  },
};
const ERROR: Schema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    rejected: { type: 'array', items: ref('Rejection') },
  },
};
const ACCEPTED: Schema = {
  type: 'object',
  required: ['accepted', 'ids', 'rejected'],
  additionalProperties: false,
  properties: {
    accepted: { type: 'integer', minimum: 1 },
    ids: { type: 'array', items: { type: 'string', pattern: '^[0-9a-f]{32}$' } },
    rejected: { type: 'array', items: ref('Rejection') },
  },
};
const REPORTS: Schema = {
  type: 'object',
  required: ['reports'],
  properties: {
    reports: {
      type: 'array',
      items: {
        type: 'object',
        required: ['date', 'url'],
        properties: { date: { type: 'string', format: 'date' }, url: { type: 'string' } },
      },
    },
  },
};

const refusals = {
  '400': answer('nothing valid was sent (each invalid item is named)', ref('Error')),
  '401': answer('a device token is needed (servers bound beyond loopback)', ref('Error')),
  '413': answer('the body is larger than LOCUS_MAX_BODY_BYTES', ref('Error')),
  '415': answer('the body is not JSON', ref('Error')),
  '429': answer('rate limited (Retry-After says when to retry)', ref('Error')),
  '503': answer('the queue cannot take the records: nothing was accepted, retry', ref('Error')),
};

/**
 * The OpenAPI 3.1 description of the HTTP API. The location's schema is generated from the
 * class-validator DTO the server validates with, so the two cannot drift apart.
 */
export const openApiDocument = (options: { version: string; maxBatch: number }): Schema => ({
  openapi: '3.1.0',
  info: {
    title: 'Locus',
    version: options.version,
    description:
      'Collects device locations; a 202 means the record will be in the CSV of its date exactly once. ' +
      'The tracking apps (OwnTracks, Overland, OsmAnd/Traccar) post in their own formats: see docs/clients.md.',
  },
  paths: {
    '/locations': {
      post: {
        summary: 'post one location, or up to LOCUS_MAX_BATCH in { "locations": [...] }',
        requestBody: {
          required: true,
          content: json({
            oneOf: [
              ref('LocationDto'),
              {
                type: 'object',
                required: ['locations'],
                properties: {
                  locations: {
                    type: 'array',
                    minItems: 1,
                    maxItems: options.maxBatch,
                    items: ref('LocationDto'),
                  },
                },
              },
            ],
          }),
        },
        responses: { '202': answer('the valid items are durable', ref('Accepted')), ...refusals },
      },
    },
    '/health': {
      get: {
        summary: 'whether the queue answers',
        responses: {
          '200': answer('the queue answers', { type: 'object', required: ['status', 'queue'] }),
          '503': answer('the queue does not answer', { type: 'object', required: ['status'] }),
        },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics (Bearer LOCUS_METRICS_TOKEN when set)',
        responses: {
          '200': {
            description: 'text exposition',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/reports': {
      get: {
        summary: 'the published days (download token or loopback)',
        responses: {
          '200': answer('the days', REPORTS),
          '401': answer('a download token is needed', ref('Error')),
        },
      },
    },
    '/reports/{file}': {
      get: {
        summary: "one day's CSV or Parquet (download token, signed link, or loopback)",
        parameters: [
          {
            name: 'file',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}\\.(csv|parquet)$' },
          },
          { name: 'expires', in: 'query', schema: { type: 'string' } },
          { name: 'signature', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'the CSV, or the Parquet (typed columns)',
            content: {
              'text/csv': { schema: { type: 'string' } },
              'application/vnd.apache.parquet': { schema: { type: 'string', format: 'binary' } },
            },
          },
          '403': answer('a link that is invalid or expired', ref('Error')),
          '404': answer('no such report', ref('Error')),
        },
      },
    },
    '/openapi.json': {
      get: { summary: 'this document', responses: { '200': answer('OpenAPI 3.1', { type: 'object' }) } },
    },
  },
  components: {
    schemas: { ...dtoSchemas(), Rejection: REJECTION, Error: ERROR, Accepted: ACCEPTED },
    securitySchemes: {
      deviceToken: { type: 'http', scheme: 'bearer', description: 'a device token (locus token create)' },
    },
  },
});

/** `GET /openapi.json`: the document, made once when the route is registered. */
export const registerOpenApiRoute = (
  app: FastifyInstance,
  options: { version: string; maxBatch: number },
): void => {
  const document = JSON.stringify(openApiDocument(options));
  app.get('/openapi.json', async (_request, reply) =>
    reply.header('content-type', 'application/json; charset=utf-8').send(document),
  );
};
