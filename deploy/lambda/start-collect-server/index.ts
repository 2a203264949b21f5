// The start_collect_server bundle (deploy/dist/lambda/start_collect_server/index.js): built once per cold start.
import 'reflect-metadata';
import { createTelemetry } from '../shared/telemetry';
import { createStartCollectServerHandler } from './handler';
import { createStartCollectServerRoot, START_COLLECT_SERVER } from './root';

export const root = createStartCollectServerRoot(process.env);
export const handler = createStartCollectServerHandler(root, createTelemetry(START_COLLECT_SERVER));
