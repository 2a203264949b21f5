// The parse_request bundle (deploy/dist/lambda/parse_request/index.js): built once per cold start.
import 'reflect-metadata';
import { createTelemetry } from '../shared/telemetry';
import { createParseRequestHandler } from './handler';
import { createParseRequestRoot, PARSE_REQUEST } from './root';

export const root = createParseRequestRoot(process.env);
export const handler = createParseRequestHandler(root, createTelemetry(PARSE_REQUEST));
