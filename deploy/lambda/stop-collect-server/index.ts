// The stop_collect_server bundle (deploy/dist/lambda/stop_collect_server/index.js): built once per cold start.
import 'reflect-metadata';
import { createTelemetry } from '../shared/telemetry';
import { createStopCollectServerHandler } from './handler';
import { createStopCollectServerRoot, STOP_COLLECT_SERVER } from './root';

export const root = createStopCollectServerRoot(process.env);
export const handler = createStopCollectServerHandler(root, createTelemetry(STOP_COLLECT_SERVER));
