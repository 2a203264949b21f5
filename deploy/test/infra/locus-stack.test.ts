import { useSynthesizedLocusStack } from './locus-stack-fixture';
import { describeCollectServerChecks } from './stack-collect-server-checks';
import { describeIngestChecks } from './stack-ingest-checks';
import { describeSecurityChecks } from './stack-security-checks';
import { describeStorageChecks } from './stack-storage-checks';

// One synthesis of the default stack (seconds of CPU) shared by every concern's checks.
const locus = useSynthesizedLocusStack();

describeIngestChecks(locus);
describeStorageChecks(locus);
describeCollectServerChecks(locus);
describeSecurityChecks(locus);
