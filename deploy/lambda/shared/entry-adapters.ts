import { AWS_ADAPTERS } from '../../../src/composition/aws-adapters';
import { AWS_COMPUTE_ADAPTERS } from '../../../src/composition/aws-compute-adapters';
import { MEMORY_ADAPTERS } from '../../../src/composition/memory-adapters';
import { mergeTables } from '../../../src/composition/registry';

/** What the AWS entry points ship: the memory and aws families (no SQLite, no DuckDB). */
export const ENTRY_ADAPTERS = mergeTables([MEMORY_ADAPTERS, AWS_ADAPTERS, AWS_COMPUTE_ADAPTERS]);
