/** Keeps the hexagon honest: each layer imports only the layers it may (ARCHITECTURE.md, "Layers"). */

/** Adapters that drive the application (they call its services); every other adapter is driven. */
const DRIVING_ADAPTERS = '^src/adapters/(http|ingest|schedule)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain may import only itself (and node:crypto for the content hash, a pure function).',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { pathNot: ['^src/domain', '^crypto$', '^node:crypto$'] },
    },
    {
      name: 'ports-know-no-adapters',
      comment: 'src/ports may import the domain and itself only (and inversify for the type of a token).',
      severity: 'error',
      from: { path: '^src/ports' },
      to: { pathNot: ['^src/ports', '^src/domain', 'node_modules/inversify', '^inversify$'] },
    },
    {
      name: 'application-knows-no-adapters',
      comment:
        'Application services see ports, never a concrete adapter, the composition, the configuration or an SDK.',
      severity: 'error',
      from: { path: '^src/application' },
      to: {
        path: [
          '^src/adapters',
          '^src/composition',
          '^src/config',
          '^src/cli',
          '@aws-sdk',
          'better-sqlite3',
          '@duckdb',
        ],
      },
    },
    {
      name: 'driven-adapters-know-no-application',
      comment:
        'A driven adapter implements a port: it imports the ports and the domain, never an application module.',
      severity: 'error',
      from: { path: '^src/adapters', pathNot: DRIVING_ADAPTERS },
      to: { path: '^src/application' },
    },
    {
      name: 'adapters-know-no-composition',
      comment: 'Adapters are bound by the composition, never the other way round.',
      severity: 'error',
      from: { path: '^src/adapters' },
      to: { path: ['^src/composition', '^src/cli'] },
    },
    {
      name: 'config-knows-no-composition',
      comment: 'Settings are read without knowing how the adapters are bound.',
      severity: 'error',
      from: { path: '^src/config' },
      to: { path: ['^src/composition', '^src/adapters', '^src/cli'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['node_modules', 'dist', 'cdk.out'] },
  },
};
