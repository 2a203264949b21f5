import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { flattenCfnValue } from '../../infra/nag';

type Json = Parameters<typeof flattenCfnValue>[0];

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: Json;
  Condition?: Record<string, Record<string, Json>>;
}

/** One allowed action on one resource, as `action resource` with the resource flattened (`<Bucket.Arn>/work/*`). */
export interface Permission {
  readonly grant: string;
  readonly condition?: Statement['Condition'];
}

/** The logical id of a construct's CloudFormation resource. */
export const logicalId = (construct: IConstruct): string => {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).resolve(element.logicalId) as string;
};

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every permission the inline policies attached to one role grant (its default policy and any other). */
export const permissionsOf = (template: Template, role: IConstruct): Permission[] => {
  const roleId = logicalId(role);
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { Roles: Json[]; PolicyDocument: { Statement: Statement[] } };
  }[];
  const permissions: Permission[] = [];
  for (const policy of policies) {
    if (!policy.Properties.Roles.some((r) => flattenCfnValue(r) === `<${roleId}>`)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      expect(statement.Effect).toBe('Allow');
      for (const action of asArray(statement.Action)) {
        for (const resource of asArray(statement.Resource as Json | Json[])) {
          permissions.push({
            grant: `${action} ${flattenCfnValue(resource as Json)}`,
            ...(statement.Condition === undefined ? {} : { condition: statement.Condition }),
          });
        }
      }
    }
  }
  return permissions;
};

/** The `action resource` strings of a role, sorted. */
export const grantsOf = (template: Template, role: IConstruct): string[] =>
  permissionsOf(template, role)
    .map((p) => p.grant)
    .sort();

/** Every statement of every inline policy in the template, flattened. */
export const allPermissions = (template: Template): Permission[] => {
  const roles = Object.keys(template.findResources('AWS::IAM::Role'));
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { PolicyDocument: { Statement: Statement[] } };
  }[];
  expect(roles.length).toBeGreaterThan(0);
  return policies.flatMap((policy) =>
    policy.Properties.PolicyDocument.Statement.flatMap((statement) =>
      asArray(statement.Action).flatMap((action) =>
        asArray(statement.Resource as Json | Json[]).map((resource) => ({
          grant: `${action} ${flattenCfnValue(resource as Json)}`,
          ...(statement.Condition === undefined ? {} : { condition: statement.Condition }),
        })),
      ),
    ),
  );
};
