/** Where the collect server keeps its code, settings and scratch files. */
export const SERVER_PATHS = {
  code: '/opt/locus/collect-server',
  envFile: '/etc/locus/locus.env',
  unit: '/etc/systemd/system/locus-collect.service',
  state: '/var/lib/locus',
} as const;

export const SERVER_UNIT_NAME = 'locus-collect.service';

export interface CollectServerBootOptions {
  /** `s3://bucket/key.zip` of the bundled entry point (`deploy/dist/collect-server/`). */
  readonly bundleUrl: string;
  readonly region: string;
  /** Written to the environment file the unit reads (`KEY=value`, one a line). */
  readonly environment: Readonly<Record<string, string>>;
  /** Node.js major version from the Amazon Linux 2023 repositories (`nodejs22` → `/usr/bin/node-22`). */
  readonly nodeMajor: number;
  readonly maxRunHours: number;
}

/** The systemd unit: one run per boot, then power off (the instance stops) whatever the outcome. */
export const collectServerUnit = (
  options: Pick<CollectServerBootOptions, 'nodeMajor' | 'maxRunHours'>,
): string =>
  [
    '[Unit]',
    'Description=Locus daily run: partition the stored batches, then report the previous day',
    'Wants=network-online.target',
    'After=network-online.target cloud-final.service',
    '',
    '[Service]',
    'Type=exec',
    'DynamicUser=yes',
    'StateDirectory=locus',
    `WorkingDirectory=${SERVER_PATHS.state}`,
    `EnvironmentFile=${SERVER_PATHS.envFile}`,
    `Environment=LOCUS_DATA_DIR=${SERVER_PATHS.state}`,
    `ExecStart=/usr/bin/node-${options.nodeMajor} ${SERVER_PATHS.code}/index.js`,
    `RuntimeMaxSec=${options.maxRunHours}h`,
    // The run calls stop_collect_server itself; powering off here is the safety net for a crash or hang.
    'ExecStopPost=+/usr/bin/systemctl poweroff --no-block',
    'NoNewPrivileges=yes',
    'PrivateTmp=yes',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
  ].join('\n');

/** `KEY=value` lines (values here are names, ARNs and URLs: no quoting needed). */
export const environmentFile = (environment: Readonly<Record<string, string>>): string =>
  Object.entries(environment)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');

/**
 * The first-boot script (cloud-init runs it once per instance; a new bundle replaces the instance).
 * The unit is installed before anything that can fail, and any failure powers the instance off,
 * so a broken setup never keeps a server running.
 */
export const collectServerBootCommands = (options: CollectServerBootOptions): string[] => [
  'set -euo pipefail',
  'trap \'echo "locus: setup failed" >&2; systemctl poweroff --no-block\' ERR',
  'mkdir -p /etc/locus /opt/locus',
  `cat > ${SERVER_PATHS.envFile} <<'LOCUS_ENV'`,
  environmentFile(options.environment),
  'LOCUS_ENV',
  `chmod 0644 ${SERVER_PATHS.envFile}`,
  `cat > ${SERVER_PATHS.unit} <<'LOCUS_UNIT'`,
  collectServerUnit(options),
  'LOCUS_UNIT',
  'systemctl daemon-reload',
  `systemctl enable ${SERVER_UNIT_NAME}`,
  `dnf install -y nodejs${options.nodeMajor} unzip`,
  `aws s3 cp '${options.bundleUrl}' /tmp/collect-server.zip --region ${options.region}`,
  `rm -rf ${SERVER_PATHS.code} && mkdir -p ${SERVER_PATHS.code}`,
  `unzip -o -q /tmp/collect-server.zip -d ${SERVER_PATHS.code}`,
  'rm -f /tmp/collect-server.zip',
  `systemctl start --no-block ${SERVER_UNIT_NAME}`,
];
