import * as fs from 'node:fs';
import * as path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { allPermissions, grantsOf, logicalId, permissionsOf } from './iam-permissions';
import { type SynthesizedLocusStack } from './locus-stack-fixture';

// What every role may do and nothing more, and the AwsSolutions rule pack over the whole stack.
/** The checks of this concern on the synthesized stack. */
export const describeSecurityChecks = (locus: SynthesizedLocusStack): void => {
  describe('least privilege', () => {
    const logs = (fn: 'parse' | 'store' | 'start' | 'stop'): string[] => {
      const group = `<${logicalId((fn === 'parse' ? locus.stack.parseFunction : locus.stack.functions[fn]).logGroup)}.Arn>`;
      return [`logs:CreateLogStream ${group}`, `logs:PutLogEvents ${group}`];
    };
    const objects = (prefix: string) => `<${locus.ids.bucket}.Arn>/${prefix}*`;
    const instanceArn = () =>
      `arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/<${locus.ids.instance}>`;

    test('parse_request may only send to the queue, keep refused items and read the token parameters', () => {
      expect(grantsOf(locus.template, locus.stack.parseFunction.role)).toEqual(
        [
          ...logs('parse'),
          `sqs:SendMessage <${locus.ids.queue}.Arn>`,
          `s3:GetObject ${objects('rejected/')}`,
          `s3:PutObject ${objects('rejected/')}`,
          `ssm:GetParameter arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/locus/${locus.stack.stackName}/tokens/*`,
        ].sort(),
      );
    });

    const journal = (...streams: string[]) => [
      ...streams.flatMap((stream) => [`s3:GetObject ${objects(stream)}`, `s3:PutObject ${objects(stream)}`]),
      `s3:PutObject ${objects('journal-index/')}`,
      `s3:ListBucket <${locus.ids.bucket}.Arn>`,
    ];

    test('store_request may drain the queue, put work/ objects and journal its batch-… and store-runs-… streams', () => {
      expect(grantsOf(locus.template, locus.stack.functions.store.role)).toEqual(
        [
          ...logs('store'),
          `sqs:ReceiveMessage <${locus.ids.queue}.Arn>`,
          `sqs:DeleteMessage <${locus.ids.queue}.Arn>`,
          `sqs:GetQueueAttributes <${locus.ids.queue}.Arn>`,
          `sqs:SendMessage <${locus.ids.dlq}.Arn>`,
          `sqs:GetQueueAttributes <${locus.ids.dlq}.Arn>`,
          `s3:PutObject ${objects('work/')}`,
          `s3:AbortMultipartUpload ${objects('work/')}`,
          ...journal('journal/batch-', 'journal/store-runs-'),
        ].sort(),
      );
    });

    test('start and stop may only start, respectively stop, that one instance and journal it', () => {
      const lifecycleGrants = (fn: 'start' | 'stop', action: string): string[] =>
        [
          ...logs(fn),
          `ec2:${action} ${instanceArn()}`,
          'ec2:DescribeInstances *',
          ...journal('journal/collection-server/'),
        ].sort();
      expect(grantsOf(locus.template, locus.stack.functions.start.role)).toEqual(
        lifecycleGrants('start', 'StartInstances'),
      );
      expect(grantsOf(locus.template, locus.stack.functions.stop.role)).toEqual(
        lifecycleGrants('stop', 'StopInstances'),
      );
    });

    test('the instance reaches only the prefixes its phases use, its Redshift target and the stop function', () => {
      const grants = grantsOf(locus.template, locus.stack.server.role);
      const s3 = grants.filter((g) => g.startsWith('s3:') && g.includes(`<${locus.ids.bucket}.Arn>/`));
      expect(s3).toEqual(
        [
          `s3:GetObject ${objects('work/')}`,
          `s3:DeleteObject ${objects('work/')}`,
          `s3:GetObject ${objects('archive/work/')}`,
          `s3:PutObject ${objects('archive/work/')}`,
          `s3:GetObject ${objects('quarantine/work/')}`,
          `s3:PutObject ${objects('quarantine/work/')}`,
          `s3:GetObject ${objects('storage/')}`,
          `s3:PutObject ${objects('storage/')}`,
          `s3:AbortMultipartUpload ${objects('storage/')}`,
          `s3:DeleteObject ${objects('storage/')}`,
          `s3:GetObject ${objects('download/')}`,
          `s3:PutObject ${objects('download/')}`,
          `s3:AbortMultipartUpload ${objects('download/')}`,
          `s3:GetObject ${objects('journal/')}`,
          `s3:PutObject ${objects('journal/')}`,
          `s3:GetObject ${objects('journal-index/')}`,
          `s3:PutObject ${objects('journal-index/')}`,
          `s3:GetObject ${objects('journal-cache/')}`,
          `s3:PutObject ${objects('journal-cache/')}`,
          `s3:GetObject ${objects('locks/')}`,
          `s3:PutObject ${objects('locks/')}`,
          `s3:DeleteObject ${objects('locks/')}`,
          `s3:GetObject ${objects('unload/')}`,
          `s3:DeleteObject ${objects('unload/')}`,
        ].sort(),
      );
      const workgroup =
        'arn:<AWS::Partition>:redshift-serverless:<AWS::Region>:<AWS::AccountId>:' +
        'workgroup/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
      expect(grants).toEqual(
        expect.arrayContaining([
          `s3:ListBucket <${locus.ids.bucket}.Arn>`,
          `redshift-data:ExecuteStatement ${workgroup}`,
          `redshift-data:BatchExecuteStatement ${workgroup}`,
          `redshift-serverless:GetCredentials ${workgroup}`,
          'lambda:InvokeFunction arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:Locus-stop-collect-server',
        ]),
      );
      expect(grants.filter((g) => g.startsWith('lambda:') || g.startsWith('ec2:'))).toHaveLength(1);
    });

    test('listing the bucket is limited to the prefixes of the phase', () => {
      const prefixesOf = (role: Parameters<typeof permissionsOf>[1]) =>
        permissionsOf(locus.template, role)
          .filter((p) => p.grant.startsWith('s3:ListBucket'))
          .map(
            (p) =>
              (p.condition as { StringLike: { 's3:prefix': string | string[] } }).StringLike['s3:prefix'],
          );
      expect(prefixesOf(locus.stack.functions.store.role)).toEqual([
        ['journal/batch-*', 'journal/store-runs-*'],
      ]);
      expect(prefixesOf(locus.stack.functions.start.role)).toEqual([['journal/collection-server/*']]);
      expect(prefixesOf(locus.stack.catalog.role)).toEqual([['storage/*', 'unload/*']]);
      expect(prefixesOf(locus.stack.server.role)[0]).toHaveLength(9);
      const list = allPermissions(locus.template).filter((p) => p.grant.startsWith('s3:ListBucket'));
      expect(list.length).toBe(5);
      for (const permission of list) expect(permission.condition).toBeDefined();
    });

    test('the Redshift role reads storage/, writes unload/ and registers partitions of the one table', () => {
      const grants = grantsOf(locus.template, locus.stack.catalog.role);
      expect(grants.filter((g) => g.startsWith('s3:'))).toEqual(
        [
          `s3:GetObject ${objects('storage/')}`,
          `s3:PutObject ${objects('unload/')}`,
          `s3:DeleteObject ${objects('unload/')}`,
          `s3:GetBucketLocation <${locus.ids.bucket}.Arn>`,
          `s3:ListBucket <${locus.ids.bucket}.Arn>`,
        ].sort(),
      );
      const glue = grants.filter((g) => g.startsWith('glue:')).map((g) => g.split(' ')[1]);
      expect([...new Set(glue)].sort()).toEqual([
        'arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:catalog',
        'arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:database/locus',
        'arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/locus/locations',
      ]);
    });

    test('no wildcard actions, no whole-bucket object access, and `*` only where IAM has no resource type', () => {
      const permissions = allPermissions(locus.template);
      expect(permissions.filter((p) => p.grant.split(' ')[0]?.includes('*'))).toEqual([]);
      expect(permissions.filter((p) => p.grant.endsWith(`<${locus.ids.bucket}.Arn>/*`))).toEqual([]);
      const star = permissions.filter((p) => p.grant.endsWith(' *'));
      const unconditioned = star.filter((p) => p.condition === undefined).map((p) => p.grant);
      expect([...new Set(unconditioned)]).toEqual(['ec2:DescribeInstances *']);
      for (const p of star.filter((p) => p.condition !== undefined)) {
        expect(p.grant).toMatch(/^redshift-data:/);
        expect(p.condition).toEqual({
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM
          StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' },
        });
      }
    });
  });

  describe('cdk-nag (AwsSolutions)', () => {
    test('synthesis left no unacknowledged error or warning in the validation report', () => {
      const report = JSON.parse(
        fs.readFileSync(path.join(locus.assembly.directory, 'validation-report.json'), 'utf8'),
      ) as { pluginReports: { violations?: unknown[] }[] };
      expect(report.pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
    });

    test('every AwsSolutions acknowledgement gives a reason', () => {
      const acknowledgements = locus.stack.node
        .findAll()
        .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
        .flatMap((m) => Object.entries(m.data as Record<string, string>))
        .filter(([id]) => id.includes('AwsSolutions-'));
      expect(
        acknowledgements.map(([id]) => id.replace(/^.*AwsSolutions-([A-Z]+\d+).*$/, '$1')).sort(),
      ).toEqual(expect.arrayContaining(['APIG4', 'EC29', 'IAM5', 'S1']));
      for (const [, reason] of acknowledgements) {
        expect(reason.length).toBeGreaterThan(60);
      }
    });
  });
};
