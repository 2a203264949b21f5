import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { acknowledgeWildcardResource } from '../nag';
import type { RedshiftSettings } from '../settings';

/** The Data API calls that act on one statement id, which IAM cannot scope by resource. */
const STATEMENT_ACTIONS = [
  'redshift-data:DescribeStatement',
  'redshift-data:GetStatementResult',
  'redshift-data:CancelStatement',
  'redshift-data:ListStatements',
];

/** The ARN of the configured cluster or workgroup (the Data API's resource). */
export const redshiftTargetArn = (scope: IConstruct, settings: RedshiftSettings): string | undefined => {
  const stack = Stack.of(scope);
  const target = settings.target;
  if (target === undefined) return undefined;
  return target.kind === 'cluster'
    ? stack.formatArn({
        service: 'redshift',
        resource: 'cluster',
        resourceName: target.clusterId,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })
    : stack.formatArn({
        service: 'redshift-serverless',
        resource: 'workgroup',
        resourceName: target.workgroupId,
      });
};

/**
 * What the collect server may do in Redshift: run statements on the one cluster or workgroup, follow
 * only its own statements, and obtain database credentials (the secret, or IAM credentials).
 */
export const grantRedshiftData = (role: iam.IRole, settings: RedshiftSettings): void => {
  const stack = Stack.of(role);
  const target = settings.target;
  const targetArn = redshiftTargetArn(role, settings);
  if (target === undefined || targetArn === undefined) return;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['redshift-data:ExecuteStatement', 'redshift-data:BatchExecuteStatement'],
      resources: [targetArn],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: STATEMENT_ACTIONS,
      resources: ['*'],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM
      conditions: { StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' } },
    }),
  );
  acknowledgeWildcardResource(
    role,
    '*',
    'DescribeStatement, GetStatementResult, CancelStatement and ListStatements take a statement id and have ' +
      'no resource type; the condition limits them to statements this role started.',
  );
  if (settings.secretArn !== undefined) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [settings.secretArn],
      }),
    );
  } else if (target.kind === 'cluster' && target.dbUser !== undefined) {
    const arn = (resource: string, name: string): string =>
      stack.formatArn({
        service: 'redshift',
        resource,
        resourceName: name,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['redshift:GetClusterCredentials'],
        resources: [
          arn('dbuser', `${target.clusterId}/${target.dbUser}`),
          arn('dbname', `${target.clusterId}/${settings.database}`),
        ],
      }),
    );
  } else if (target.kind === 'workgroup') {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['redshift-serverless:GetCredentials'], resources: [targetArn] }),
    );
  }
};

/** The `LOCUS_AWS_REDSHIFT_*` variables of `src/config/aws-redshift-config.ts`; empty when no target is configured. */
export const redshiftEnvironment = (
  settings: RedshiftSettings,
  unloadRoleArn: string,
): Record<string, string> => {
  const target = settings.target;
  if (target === undefined) return {};
  return {
    ...(target.kind === 'cluster'
      ? { LOCUS_AWS_REDSHIFT_CLUSTER_ID: target.clusterId }
      : { LOCUS_AWS_REDSHIFT_WORKGROUP: target.workgroupName }),
    LOCUS_AWS_REDSHIFT_DATABASE: settings.database,
    ...(settings.secretArn === undefined ? {} : { LOCUS_AWS_REDSHIFT_SECRET_ARN: settings.secretArn }),
    ...(target.kind === 'cluster' && target.dbUser !== undefined && settings.secretArn === undefined
      ? { LOCUS_AWS_REDSHIFT_DB_USER: target.dbUser }
      : {}),
    LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN: unloadRoleArn,
    LOCUS_AWS_REDSHIFT_SCHEMA: settings.externalSchema,
  };
};
