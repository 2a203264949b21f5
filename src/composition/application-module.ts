import { ContainerModule } from 'inversify';
import {
  DailyRunService,
  PartitionService,
  ReceiveService,
  ReportService,
  StoreService,
} from '../application';
import { ClientIntake } from '../application/clients/client-intake';
import { CollectionServerRuns } from '../application/daily/collection-server-runs';
import { QuarantineService } from '../application/quarantine/quarantine-service';
import type { CoreSettings } from '../application/settings';
import { PipelineProjection } from '../application/status/pipeline-projection';
import { TOKENS } from '../application/tokens';
import type { Clock, IdSource } from '../ports';

/** The application services and the values every profile shares. */
export const applicationModule = (settings: CoreSettings, clock: Clock, ids: IdSource): ContainerModule =>
  new ContainerModule(({ bind }) => {
    bind(TOKENS.CoreSettings).toConstantValue(settings);
    bind(TOKENS.Clock).toConstantValue(clock);
    bind(TOKENS.IdSource).toConstantValue(ids);
    bind(PipelineProjection).toSelf().inSingletonScope();
    bind(ReceiveService).toSelf().inSingletonScope();
    bind(StoreService).toSelf().inSingletonScope();
    bind(PartitionService).toSelf().inSingletonScope();
    bind(ReportService).toSelf().inSingletonScope();
    bind(CollectionServerRuns).toSelf().inSingletonScope();
    bind(DailyRunService).toSelf().inSingletonScope();
    bind(QuarantineService).toSelf().inSingletonScope();
    bind(ClientIntake).toSelf().inSingletonScope();
  });
