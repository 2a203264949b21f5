import { randomBytes } from 'node:crypto';
import type { CalendarDate } from '../../../domain';

/** What a console session may see: everything (a download token), or one day (a signed link to its report). */
export type ConsoleGrant =
  | { readonly scope: 'all'; readonly token: string }
  | {
      readonly scope: 'day';
      readonly date: CalendarDate;
      readonly expires: string;
      readonly signature: string;
    };

interface Session {
  readonly grant: ConsoleGrant;
  readonly expiresAt: number;
}

/** The cookie that carries a console session's id. */
export const SESSION_COOKIE = 'locus_console';

/** How long a session opened with a download token lasts. */
export const SESSION_MS = 8 * 3_600_000;

/** Most sessions kept at once; the oldest goes first. */
const MAX_SESSIONS = 1_000;

/**
 * The console's sessions, in the server's memory: a random id (the cookie) → the credential that
 * opened it. The credential is kept, never sent back, so that each request checks it again and a
 * revoked token or an expired link closes the session.
 */
export class ConsoleSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number) {}

  /** Opens a session; returns its id and how long it lasts (ms). */
  open(grant: ConsoleGrant): { id: string; maxAgeMs: number } {
    const now = this.now();
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
    while (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value as string;
      this.sessions.delete(oldest);
    }
    const linkEnd = grant.scope === 'day' ? Number(grant.expires) * 1000 : Number.POSITIVE_INFINITY;
    const expiresAt = Math.min(now + SESSION_MS, linkEnd);
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, { grant, expiresAt });
    return { id, maxAgeMs: Math.max(0, expiresAt - now) };
  }

  /** The grant of a live session. */
  grantOf(id: string | undefined): ConsoleGrant | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (session === undefined) return undefined;
    if (session.expiresAt > this.now()) return session.grant;
    this.sessions.delete(id);
    return undefined;
  }

  close(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(id);
  }
}

/** The value of one cookie of a `Cookie` header. */
export const cookieValue = (header: string | undefined, name: string): string | undefined => {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
};
