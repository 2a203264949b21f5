import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DownloadAccess } from '../../../application/security/download-access';
import type { IngestGuard } from '../../../application/security/ingest-guard';
import type { Refusal } from '../../../application/security/refusal';
import { reportPath } from '../../../application/security/signed-links';
import { type CalendarDate, isCalendarDate } from '../../../domain';
import { errorResponse, type IngestResponse } from '../../ingest/ingest-response';
import { refusalResponse } from '../../ingest/refusal-response';
import { sendResponse } from '../send-response';
import { type ConsoleGrant, ConsoleSessions, cookieValue, SESSION_COOKIE } from './console-sessions';

/** Who is asking: anyone (downloads are open here), a session's holder, or nobody allowed. */
export type ConsoleAccess =
  | { readonly kind: 'open' }
  | { readonly kind: 'session'; readonly grant: ConsoleGrant }
  | { readonly kind: 'none'; readonly refusal: IngestResponse };

export interface ConsoleGateDeps {
  /** The download rules; none: everything is open (a server without security). */
  readonly downloads?: Pick<DownloadAccess, 'check'>;
  readonly guard?: Pick<IngestGuard, 'limitAddress'>;
  readonly now: () => number;
  /** Whether the session cookie is sent over HTTPS only (the public URL is https). */
  readonly secureCookie: boolean;
}

const SIGNED_LINK = /\/reports\/(\d{4}-\d{2}-\d{2})\.csv\?(\S+)$/;

/** A pasted credential: a signed link to one report, or else a download token. */
export const readCredential = (text: string): ConsoleGrant => {
  const trimmed = text.trim();
  const link = SIGNED_LINK.exec(trimmed);
  if (link !== null && isCalendarDate(link[1] as string)) {
    const query = new URLSearchParams(link[2]);
    return {
      scope: 'day',
      date: link[1] as CalendarDate,
      expires: query.get('expires') ?? '',
      signature: query.get('signature') ?? '',
    };
  }
  return { scope: 'all', token: trimmed.replace(/^Bearer\s+/i, '') };
};

/**
 * The console's door, following the download rules: open where downloads are open (loopback,
 * or public by setting); otherwise a download token or a signed link, checked exactly as a
 * download is, opens a session (an HttpOnly cookie). Every request checks the session's
 * credential again, so a revoked token or an expired link closes it.
 */
export class ConsoleGate {
  private readonly sessions: ConsoleSessions;

  constructor(private readonly deps: ConsoleGateDeps) {
    this.sessions = new ConsoleSessions(deps.now);
  }

  /** Whether a credential may download (`undefined`: it may), checked as the download routes check it. */
  private async check(grant: ConsoleGrant | undefined): Promise<IngestResponse | undefined> {
    const refusal = await this.refusalOf(grant);
    return refusal === undefined ? undefined : refusalResponse(refusal);
  }

  private refusalOf(grant: ConsoleGrant | undefined): Promise<Refusal | undefined> {
    const downloads = this.deps.downloads;
    if (downloads === undefined) return Promise.resolve(undefined);
    if (grant === undefined) {
      return downloads.check({
        path: '/reports',
        authorization: undefined,
        expires: undefined,
        signature: undefined,
      });
    }
    return grant.scope === 'all'
      ? downloads.check({
          path: '/reports',
          authorization: `Bearer ${grant.token}`,
          expires: undefined,
          signature: undefined,
        })
      : downloads.check({
          path: reportPath(grant.date),
          authorization: undefined,
          expires: grant.expires,
          signature: grant.signature,
        });
  }

  async access(request: FastifyRequest): Promise<ConsoleAccess> {
    const openRefusal = await this.check(undefined);
    if (openRefusal === undefined) return { kind: 'open' };
    const id = cookieValue(request.headers.cookie, SESSION_COOKIE);
    const grant = this.sessions.grantOf(id);
    if (grant === undefined) return { kind: 'none', refusal: openRefusal };
    const refusal = await this.check(grant);
    if (refusal === undefined) return { kind: 'session', grant };
    this.sessions.close(id);
    return { kind: 'none', refusal };
  }

  /** The per-address limit; a reply when it was sent. */
  limit(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    const limited = this.deps.guard?.limitAddress(request.ip);
    return limited === undefined ? undefined : sendResponse(reply, refusalResponse(limited));
  }

  /** `POST /console/api/session` `{ "credential": "<download token or signed link>" }`. */
  async login(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    let credential: unknown;
    try {
      credential = (
        JSON.parse(typeof request.body === 'string' ? request.body : '') as { credential?: unknown }
      ).credential;
    } catch {
      credential = undefined;
    }
    if (typeof credential !== 'string' || credential.trim() === '') {
      return sendResponse(
        reply,
        errorResponse(400, 'invalid_request', 'send { "credential": "<download token or signed link>" }'),
      );
    }
    const grant = readCredential(credential);
    const refusal = await this.check(grant);
    if (refusal !== undefined) return sendResponse(reply, refusal);
    const session = this.sessions.open(grant);
    const cookie = [
      `${SESSION_COOKIE}=${session.id}`,
      'Path=/console',
      'HttpOnly',
      'SameSite=Strict',
      `Max-Age=${Math.floor(session.maxAgeMs / 1000)}`,
      ...(this.deps.secureCookie ? ['Secure'] : []),
    ].join('; ');
    return reply.header('set-cookie', cookie).header('cache-control', 'no-store').send(grantView(grant));
  }

  logout(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    this.sessions.close(cookieValue(request.headers.cookie, SESSION_COOKIE));
    return reply
      .header('set-cookie', `${SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0`)
      .code(204)
      .send();
  }
}

/** What the page is told of an access (never the credential). */
export const grantView = (
  grant: ConsoleGrant | undefined,
): { scope: 'all' | 'day' | null; date?: CalendarDate } =>
  grant === undefined
    ? { scope: null }
    : grant.scope === 'all'
      ? { scope: 'all' }
      : { scope: 'day', date: grant.date };

/** Whether an access may see `date` (a day session sees its own date only). */
export const mayRead = (access: ConsoleAccess, date?: CalendarDate): boolean =>
  access.kind === 'open' ||
  (access.kind === 'session' &&
    (access.grant.scope === 'all' || (date !== undefined && access.grant.date === date)));
