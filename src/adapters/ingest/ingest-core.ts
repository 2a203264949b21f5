import type { ClientIntake } from '../../application/clients/client-intake';
import type { ReceiveService } from '../../application/receive/receive-service';
import { deviceIdsOf, type IngestGuard } from '../../application/security/ingest-guard';
import type { Principal } from '../../application/security/token-verifier';
import type { LocationsAccepted } from '../../domain';
import type { Clock } from '../../ports';
import { answerClient } from './client-answer';
import type { ClientFormat, ClientName, ClientResponse } from './client-format';
import { clientRequestOf, type HeaderNames, headerOf, type IngestRequest } from './ingest-request';
import {
  acceptedResponse,
  failureResponse,
  methodNotAllowed,
  notFound,
  payloadTooLarge,
} from './ingest-response';
import { type IngestRoute, ingestMethodsOf, ingestRouteOf, routePath } from './ingest-routes';
import { refusalResponse } from './refusal-response';
import { type ParsedText, parseJsonBody, parseText } from './request-body';
import type { SharedDeviceIds } from './shared-device-ids';

/** The ingest rules of the security module, as the core applies them. */
export type IngestGuardRules = Pick<IngestGuard, 'admit' | 'checkText' | 'checkDevices'> &
  Partial<Pick<IngestGuard, 'admitsAll'>>;

export interface IngestCoreDeps {
  readonly receive: Pick<ReceiveService, 'accept'>;
  /** Receives the apps' messages (and keeps their refused items). */
  readonly clients: Pick<ClientIntake, 'receive'>;
  readonly clock: Clock;
  /** The largest body taken; larger ones get 413. */
  readonly maxBodyBytes: number;
  /** Limits, device tokens, JSON depth and the tokens' devices; none when absent. */
  readonly guard?: IngestGuardRules;
  /** Told the device ids of each authenticated request, with its token (two phones sharing an id). */
  readonly sharedIds?: Pick<SharedDeviceIds, 'observe'>;
  /** Told of every accepted request (counts for the status report). */
  readonly onAccepted?: (event: LocationsAccepted) => void;
  /** How the transport hands header names over: lower-case (Node), or in any case (API Gateway's callers). */
  readonly headerNames?: HeaderNames;
}

/** An answer and what the transport reports about it. */
export interface IngestReply {
  readonly response: ClientResponse;
  /** Refused before anything was read as locations: no route, or a guard (limits, token, depth, devices). */
  readonly refused: boolean;
  /** The tracking app of the route; none on `POST /locations`. */
  readonly client: ClientName | undefined;
  /** Records made durable. */
  readonly accepted: number;
  /** Items refused (one per item, whatever its number of bad fields). */
  readonly rejected: number;
  /** The error of a failure on Locus's side (5xx), for the log. */
  readonly failure?: unknown;
}

/** Whether a request may be read, and as whom; else the answer to send. */
export type Admission =
  | { readonly ok: true; readonly principal: Principal | null }
  | { readonly ok: false; readonly response: ClientResponse };

const ADMITTED: Admission = { ok: true, principal: null };

const refused = (response: ClientResponse, client?: ClientFormat): IngestReply => ({
  response,
  refused: true,
  client: client?.name,
  accepted: 0,
  rejected: 0,
});

/** How many items a native rejection list names (an item refused for several fields is one). */
const itemCount = (rejected: readonly { readonly index: number }[]): number =>
  rejected.length === 0 ? 0 : new Set(rejected.map((r) => r.index)).size;

/**
 * The ingest routes, transport-neutral: `POST /locations` and the tracking apps' routes, their
 * guards in one order — per-address limit, device token (the header's, or `?token=` on the routes
 * of apps that cannot send one) and per-token limit (429, 401) before the body is read; its size
 * (413), its JSON depth (400) and the token's devices (403) once it is — then the body decoded
 * once (JSON, or the app's format), received, and answered (202, 400, 415, 503, or the app's own
 * answers). The local server and `parse_request` are shims over it.
 */
export class IngestCore {
  private readonly names: HeaderNames;

  constructor(private readonly deps: IngestCoreDeps) {
    this.names = deps.headerNames ?? 'any-case';
  }

  /** Whether {@link admit} lets every request in: a transport may skip it before reading the body. */
  get admitsAll(): boolean {
    return this.deps.guard === undefined || this.deps.guard.admitsAll === true;
  }

  /** The answer to a request on no ingest route: 405 with `Allow` on an ingest path, else 404. */
  unrouted(method: string, path: string): ClientResponse {
    const allowed = ingestMethodsOf(path);
    return allowed.length > 0 ? methodNotAllowed(routePath(path), allowed) : notFound(method, path);
  }

  /** The guards before the body: per-address limit, device token, per-token limit. */
  async admit(route: IngestRoute, request: IngestRequest): Promise<Admission> {
    const { guard } = this.deps;
    if (guard === undefined || guard.admitsAll === true) return ADMITTED;
    const admission = await guard.admit({
      authorization: headerOf(request.headers, 'authorization', this.names),
      tokenQuery: route.tokenInQuery ? request.query : undefined,
      clientIp: request.remoteAddress,
    });
    return admission.ok ? admission : { ok: false, response: refusalResponse(admission.refusal) };
  }

  /** A whole request: routed, admitted, its size checked, then {@link answer}ed. */
  async handle(request: IngestRequest): Promise<IngestReply> {
    const route = ingestRouteOf(request.method, request.path);
    if (route === undefined) return refused(this.unrouted(request.method, routePath(request.path)));
    const admission = await this.admit(route, request);
    if (!admission.ok) return refused(admission.response, route.format);
    if (request.bodyBytes !== undefined && request.bodyBytes > this.deps.maxBodyBytes) {
      const response = payloadTooLarge(this.deps.maxBodyBytes);
      return { response, refused: false, client: route.format?.name, accepted: 0, rejected: 0 };
    }
    return this.answer(route, request, admission.principal);
  }

  /** An admitted request whose body fits: its depth and devices checked, then received and answered. */
  async answer(
    route: IngestRoute,
    request: IngestRequest,
    principal: Principal | null,
  ): Promise<IngestReply> {
    const tooDeep = this.deps.guard?.checkText(request.body);
    if (tooDeep !== undefined) return refused(refusalResponse(tooDeep), route.format);
    const bound = this.boundDevices(principal);
    if (route.format === undefined) {
      // Parsed here once when the devices are checked, and handed on to the receive rules.
      const parsed = bound === null ? undefined : parseText(request.body);
      if (bound !== null && parsed !== undefined) {
        const forbidden = this.checkDevices(bound, parsed.ok ? deviceIdsOf(parsed.value) : []);
        if (forbidden !== undefined) return refused(forbidden);
      }
      return this.answerNative(request, parsed);
    }
    const format = route.format;
    const clientRequest = clientRequestOf(request, this.names);
    // Read once in the app's format: the devices are checked on, and the intake receives, this reading.
    const reading = format.read(clientRequest);
    if (bound !== null) {
      const items = reading.kind === 'locations' ? reading.items : [];
      const ids = items.map((item) => item.location.deviceId).filter((id) => typeof id === 'string');
      const forbidden = this.checkDevices(bound, ids);
      if (forbidden !== undefined) return refused(forbidden, format);
    }
    const { response, outcome } = await answerClient(this.deps.clients, format, clientRequest, reading, {
      requestId: request.requestId,
      receivedAt: this.deps.clock.now(),
      route: route.path,
    });
    if (outcome.kind === 'received' && outcome.event !== undefined) this.deps.onAccepted?.(outcome.event);
    const failure = outcome.kind === 'failed' ? { failure: outcome.error } : {};
    const { accepted, rejected } = outcome;
    return { response, refused: false, client: format.name, accepted, rejected, ...failure };
  }

  /** The principal whose request's devices are checked (bound to devices) or observed (shared ids); else `null`. */
  private boundDevices(principal: Principal | null): Principal | null {
    if (this.deps.guard === undefined || principal == null) return null;
    return principal.devices != null || this.deps.sharedIds !== undefined ? principal : null;
  }

  /** A 403 when the ids name a device the token is not bound to; else the ids are observed. */
  private checkDevices(principal: Principal, deviceIds: readonly string[]): ClientResponse | undefined {
    const forbidden = this.deps.guard?.checkDevices(principal, deviceIds);
    if (forbidden !== undefined) return refusalResponse(forbidden);
    this.deps.sharedIds?.observe(deviceIds, principal.tokenId, this.deps.clock.now());
    return undefined;
  }

  private async answerNative(request: IngestRequest, parsed: ParsedText | undefined): Promise<IngestReply> {
    const body = parseJsonBody(request.body, headerOf(request.headers, 'content-type', this.names), parsed);
    if (!body.ok)
      return { response: body.response, refused: false, client: undefined, accepted: 0, rejected: 0 };
    try {
      const outcome = await this.deps.receive.accept(body.value, {
        requestId: request.requestId,
        receivedAt: this.deps.clock.now(),
      });
      if (outcome.kind === 'accepted') this.deps.onAccepted?.(outcome.event);
      return {
        response: acceptedResponse(outcome),
        refused: false,
        client: undefined,
        accepted: outcome.kind === 'accepted' ? outcome.ids.length : 0,
        rejected: itemCount(outcome.rejected),
      };
    } catch (error) {
      const response = failureResponse(error);
      return { response, refused: false, client: undefined, accepted: 0, rejected: 0, failure: error };
    }
  }
}
