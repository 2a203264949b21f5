import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  collectServerBootCommands,
  collectServerUnit,
  environmentFile,
  SERVER_PATHS,
} from '../../infra/constructs/collect-server-boot';

const options = {
  bundleUrl: 's3://assets-bucket/abc.zip',
  region: 'ap-northeast-1',
  environment: { LOCUS_PROFILE: 'aws', LOCUS_AWS_BUCKET: 'locus-data' },
  nodeMajor: 22,
  maxRunHours: 4,
};

describe('collect server boot', () => {
  test('the unit runs the entry point with the environment file and powers off afterwards', () => {
    const unit = collectServerUnit(options).split('\n');
    expect(unit).toEqual(
      expect.arrayContaining([
        `ExecStart=/usr/bin/node-22 ${SERVER_PATHS.code}/index.js`,
        `EnvironmentFile=${SERVER_PATHS.envFile}`,
        'RuntimeMaxSec=4h',
        'ExecStopPost=+/usr/bin/systemctl poweroff --no-block',
        'WantedBy=multi-user.target',
      ]),
    );
  });

  test('the environment file has one KEY=value line per variable', () => {
    expect(environmentFile(options.environment)).toBe('LOCUS_PROFILE=aws\nLOCUS_AWS_BUCKET=locus-data');
  });

  test('installs the unit before any step that can fail, and powers off on a failed setup', () => {
    const commands = collectServerBootCommands(options);
    const index = (prefix: string) => commands.findIndex((c) => c.startsWith(prefix));
    expect(index('set -euo pipefail')).toBe(0);
    expect(commands[1]).toMatch(/^trap '.*systemctl poweroff.*' ERR$/);
    expect(index('systemctl enable')).toBeLessThan(index('dnf install -y nodejs22'));
    expect(index('dnf install')).toBeLessThan(index("aws s3 cp 's3://assets-bucket/abc.zip'"));
    expect(commands.at(-1)).toBe('systemctl start --no-block locus-collect.service');
  });

  test('is a valid bash script whose here-documents hold the unit and the environment', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'locus-boot-'));
    try {
      const script = path.join(dir, 'user-data.sh');
      fs.writeFileSync(script, ['#!/bin/bash', ...collectServerBootCommands(options)].join('\n'));
      execFileSync('bash', ['-n', script]);
      const text = fs.readFileSync(script, 'utf8');
      const heredoc = (tag: string) => new RegExp(`<<'${tag}'\\n([\\s\\S]*?)\\n${tag}\\n`).exec(text)?.[1];
      expect(heredoc('LOCUS_UNIT')).toBe(collectServerUnit(options));
      expect(heredoc('LOCUS_ENV')).toBe(environmentFile(options.environment));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
