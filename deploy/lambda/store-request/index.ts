// The store_request bundle (deploy/dist/lambda/store_request/index.js): built once per cold start.
import 'reflect-metadata';
import { createTelemetry } from '../shared/telemetry';
import { createStoreRequestHandler } from './handler';
import { createStoreRequestRoot, STORE_REQUEST } from './root';

export const root = createStoreRequestRoot(process.env);
export const handler = createStoreRequestHandler(root, createTelemetry(STORE_REQUEST));
