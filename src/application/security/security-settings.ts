// The settings the security services are made with (read by src/config/security-settings.ts).

/** A rate: `amount` requests per `perMs`, with bursts of up to `amount`. */
export interface Rate {
  readonly amount: number;
  readonly perMs: number;
}

/** How the servers (local HTTP and `parse_request`) protect ingest and downloads. */
export interface SecuritySettings {
  /** Whether ingest needs a device token (`LOCUS_AUTH`; by default on unless bound to loopback). */
  readonly auth: boolean;
  /**
   * Who may download reports: `private` needs a download token or a signed link; `public` anyone
   * (explicit setting only); `local` anyone who can reach a server bound to loopback with auth off.
   */
  readonly downloads: 'private' | 'public' | 'local';
  /** Per-client-address and per-token limits; `null` where off. */
  readonly rateLimits: { readonly perIp: Rate | null; readonly perToken: Rate | null };
  /** Deepest nesting of arrays and objects a JSON body may have. */
  readonly maxJsonDepth: number;
  /** A request must arrive whole within this time (ms). */
  readonly requestTimeoutMs: number;
  /** A connection that sends nothing for this long is closed (ms). */
  readonly idleTimeoutMs: number;
  /** How long a verified token (or a refused one) is remembered (ms). */
  readonly tokenCacheMs: number;
  /** The longest life a signed download link may be given (ms). */
  readonly maxLinkMs: number;
  /** The base URL signed links point at (`LOCUS_PUBLIC_URL`); by default the server's own address. */
  readonly publicUrl: string;
  /** Data older than this many days is deleted by the daily run; `null`: kept forever. */
  readonly retentionDays: number | null;
}
