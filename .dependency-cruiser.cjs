/** Keeps the hexagon honest: the domain depends on nothing, ports never on adapters. */
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
      comment: 'src/ports may import the domain and itself only.',
      severity: 'error',
      from: { path: '^src/ports' },
      to: { pathNot: ['^src/ports', '^src/domain'] },
    },
    {
      name: 'application-knows-no-adapters',
      comment: 'Application services see ports, never a concrete adapter or an SDK.',
      severity: 'error',
      from: { path: '^src/application' },
      to: { path: ['^src/adapters', '^src/composition', '@aws-sdk', 'better-sqlite3', '@duckdb'] },
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
