import { LOCAL_TOKENS } from '../adapters/local/local-tokens';
import { SqliteTokenStore } from '../adapters/local/sqlite-token-store';
import { TOKENS } from '../application/tokens';
import type { SecurityStoresBinder } from './security-binders';

/** The `local` profile's token store and keys: `<dataDir>/security.db`. */
export const localSecurityStores =
  (dataDir: string): SecurityStoresBinder =>
  ({ bind, isBound }) => {
    if (!isBound(LOCAL_TOKENS.Config)) bind(LOCAL_TOKENS.Config).toConstantValue({ dataDir });
    bind(SqliteTokenStore)
      .toSelf()
      .inSingletonScope()
      .onDeactivation((store) => store.close());
    bind(TOKENS.TokenStore).toService(SqliteTokenStore);
    bind(TOKENS.SigningKeys).toService(SqliteTokenStore);
  };
