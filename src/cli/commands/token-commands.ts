import type { TokenListing } from '../../application/security/token-service';
import { TokenService } from '../../application/security/token-service';
import { ensureCliSecurity } from '../../composition/cli-security';
import type { CommandContext } from '../command-context';

export interface TokenCreateOptions {
  readonly label: string;
  readonly device?: readonly string[];
  readonly download?: boolean;
  readonly json?: boolean;
}

const when = (epochMs: number | null): string => (epochMs === null ? '-' : new Date(epochMs).toISOString());

const describe = (token: TokenListing): string =>
  `${token.id}  ${token.scope.padEnd(8)}  ${token.revokedAt === null ? 'active ' : 'revoked'}  ` +
  `${when(token.createdAt)}  ${token.label}` +
  (token.devices.length > 0
    ? `  devices: ${token.devices.join(', ')}`
    : token.scope === 'ingest'
      ? '  devices: any'
      : '');

/** Runs `work` with the token service of the configured profile. */
const withTokens = <T>(context: CommandContext, work: (tokens: TokenService) => Promise<T>): Promise<T> =>
  context.withRoot(async (root) => {
    await ensureCliSecurity(root.container, context.config);
    return work(root.get(TokenService));
  });

/**
 * `locus token create --label L [--device D]… [--download]`: makes a token and prints it, the
 * only time it is shown (only its hash is kept). A device token bound to devices may post only
 * their locations; `--download` makes a token that reads reports instead.
 */
export const tokenCreateCommand = (context: CommandContext, options: TokenCreateOptions): Promise<number> =>
  withTokens(context, async (tokens) => {
    const created = await tokens.create({
      label: options.label,
      scope: options.download === true ? 'download' : 'ingest',
      devices: options.device ?? [],
    });
    if (options.json === true) {
      context.io.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
    } else {
      context.io.stdout.write(
        `${created.token}\n` +
          `(token ${created.id}, ${created.scope}${created.devices.length > 0 ? ` for ${created.devices.join(', ')}` : ''}: ` +
          'store it now, it is not shown again)\n',
      );
    }
    return 0;
  });

/** `locus token list`: every token, without secrets or hashes. */
export const tokenListCommand = (context: CommandContext, options: { json?: boolean }): Promise<number> =>
  withTokens(context, async (tokens) => {
    const listed = await tokens.list();
    context.io.stdout.write(
      options.json === true
        ? `${JSON.stringify(listed, null, 2)}\n`
        : listed.length === 0
          ? 'no token (locus token create --label NAME)\n'
          : `${listed.map(describe).join('\n')}\n`,
    );
    return 0;
  });

/** `locus token revoke ID`: the token stops working (within the servers' token cache time). */
export const tokenRevokeCommand = (
  context: CommandContext,
  id: string,
  options: { json?: boolean },
): Promise<number> =>
  withTokens(context, async (tokens) => {
    const revoked = await tokens.revoke(id);
    context.io.stdout.write(
      options.json === true
        ? `${JSON.stringify(revoked, null, 2)}\n`
        : `revoked ${revoked.id} (${revoked.label})\n`,
    );
    return 0;
  });
