import { type ClientRequest, clientFormatFor } from '../clients';
import { deviceIdsOf } from './ingest-guard';

/** The native ingest path. */
export const LOCATIONS_PATH = '/locations';

/** Whether `method path` takes locations (the native route or a tracking app's). */
export const isIngestRoute = (method: string, path: string): boolean =>
  (method.toUpperCase() === 'POST' && (path === LOCATIONS_PATH || path === `${LOCATIONS_PATH}/`)) ||
  clientFormatFor(method, path) !== undefined;

/**
 * The device ids a request would post locations for, read the way its route reads it (native
 * JSON, or a tracking app's format); empty when it cannot be read (the route then refuses it).
 */
export const requestDeviceIds = (path: string, request: ClientRequest): string[] => {
  const format = clientFormatFor(request.method, path);
  if (format === undefined) {
    try {
      return deviceIdsOf(JSON.parse(request.body));
    } catch {
      return [];
    }
  }
  const reading = format.read(request);
  if (reading.kind !== 'locations') return [];
  return reading.items
    .map((item) => item.location.deviceId)
    .filter((id): id is string => typeof id === 'string');
};
