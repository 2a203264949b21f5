import type { FastifyInstance } from 'fastify';
import { LocusError } from '../../ports';

/**
 * Starts listening; a port that is taken fails with `CONFIGURATION` and what to do about it
 * (another program holds it, or another `locus serve` on another data folder).
 */
export const listenWithHint = async (
  app: FastifyInstance,
  http: { readonly host: string; readonly port: number },
): Promise<string> => {
  try {
    return await app.listen({ host: http.host, port: http.port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new LocusError(
      'CONFIGURATION',
      `port ${http.port} on ${http.host} is already in use (another locus serve, or another program). ` +
        'Stop it, or pick another port: locus serve --port 3001 (or PORT=3001; 0 picks a free one).',
      { cause: error },
    );
  }
};
