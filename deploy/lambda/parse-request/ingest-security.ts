import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Container } from 'inversify';
import type { ClientFormat } from '../../../src/application/clients';
import type { IngestResponse } from '../../../src/application/receive/receive-response';
import { IngestGuard } from '../../../src/application/security/ingest-guard';
import { requestDeviceIds } from '../../../src/application/security/ingest-routes';
import { acceptsQueryToken } from '../../../src/application/security/query-token';
import { securityModule } from '../../../src/composition/security-module';
import { hasTokenPath } from '../../../src/config/aws-token-config';
import type { LocusConfig } from '../../../src/config/locus-config';
import { readSecuritySettings, type SecuritySettings } from '../../../src/config/security-settings';
import { clientRequestOfEvent, routeOfEvent } from './client-answer';
import { type EventBody, eventQueryString, headerOf } from './http-event';

/**
 * The security settings of `parse_request`: it is exposed (tokens, limits) once the deployment
 * names where tokens are kept (`LOCUS_AWS_TOKEN_PATH`, set by the CDK stack with `LOCUS_AUTH=on`).
 */
export const parseRequestSecuritySettings = (config: LocusConfig): SecuritySettings =>
  readSecuritySettings(config.variables, {
    exposed: hasTokenPath(config.variables),
    defaultPublicUrl: 'https://localhost',
  });

/** Loads the security module (over the tokens port: SSM on the aws profile, in memory on the memory profile). */
export const loadParseRequestSecurity = (container: Container, config: LocusConfig): void => {
  container.loadSync(securityModule(parseRequestSecuritySettings(config)));
};

/**
 * The checks the local server makes, in its order, for one invocation: per-address limit, device
 * token (the `Authorization` header's, or `?token=` on the OsmAnd/Traccar routes) and per-token
 * limit (429, 401), JSON depth (400), the token's devices (403). `undefined` when the request may
 * be received; a body over `maxBodyBytes` is left to the 413 of the handler. `client` is the
 * event's tracking app (none on the native route) and `body` its decoded body, both read once by
 * the handler.
 */
export const createInvocationGuard =
  (guard: Pick<IngestGuard, 'admit' | 'checkText' | 'checkDevices'>, maxBodyBytes: number) =>
  async (
    event: APIGatewayProxyEventV2,
    client: ClientFormat | undefined,
    body: EventBody,
  ): Promise<IngestResponse | undefined> => {
    const admission = await guard.admit({
      authorization: headerOf(event, 'authorization'),
      // `?token=` only on the routes of apps that cannot send a header (OsmAnd, Traccar Client).
      tokenQuery: acceptsQueryToken(client) ? eventQueryString(event) : undefined,
      clientIp: event.requestContext?.http?.sourceIp ?? 'unknown',
    });
    if (!admission.ok) return admission.response;
    if (body.bytes > maxBodyBytes) return undefined;
    const tooDeep = guard.checkText(body.text);
    if (tooDeep !== undefined) return tooDeep;
    if (admission.principal?.devices == null) return undefined;
    const devices = requestDeviceIds(routeOfEvent(event).path, clientRequestOfEvent(event, body.text));
    return guard.checkDevices(admission.principal, devices);
  };

export { IngestGuard };
