import type { TokenListing } from '../../application/security/token-service';
import { TokenService } from '../../application/security/token-service';
import type { CommandContext } from '../command-context';
import { type OutputOptions, printOutcome } from '../output/print-outcome';

export interface TokenCreateOptions extends OutputOptions {
  readonly label: string;
  readonly device?: readonly string[];
  readonly download?: boolean;
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
    const devices = created.devices.length > 0 ? ` for ${created.devices.join(', ')}` : '';
    const text =
      `${created.token}\n` +
      `(token ${created.id}, ${created.scope}${devices}: store it now, it is not shown again)\n`;
    printOutcome(context, options, text, created);
    return 0;
  });

/** `locus token list`: every token, without secrets or hashes. */
export const tokenListCommand = (context: CommandContext, options: OutputOptions): Promise<number> =>
  withTokens(context, async (tokens) => {
    const listed = await tokens.list();
    const text =
      listed.length === 0
        ? 'no token (locus token create --label NAME)\n'
        : `${listed.map(describe).join('\n')}\n`;
    printOutcome(context, options, text, listed);
    return 0;
  });

/** `locus token revoke ID`: the token stops working (within the servers' token cache time). */
export const tokenRevokeCommand = (
  context: CommandContext,
  id: string,
  options: OutputOptions,
): Promise<number> =>
  withTokens(context, async (tokens) => {
    const revoked = await tokens.revoke(id);
    printOutcome(context, options, `revoked ${revoked.id} (${revoked.label})\n`, revoked);
    return 0;
  });
