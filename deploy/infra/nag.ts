import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

type CfnValue = string | number | boolean | null | undefined | CfnValue[] | { [key: string]: CfnValue };

/** The flat text cdk-nag uses for a resolved CloudFormation value in finding ids (`<Logical.Arn>/work/*`). */
export const flattenCfnValue = (value: CfnValue): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  const join = value['Fn::Join'] as [string, CfnValue[]] | undefined;
  if (join !== undefined) return join[1].map(flattenCfnValue).join(join[0]);
  if (value['Fn::Sub'] !== undefined) return flattenCfnValue(value['Fn::Sub']);
  const getAtt = value['Fn::GetAtt'] as [CfnValue, CfnValue] | undefined;
  if (getAtt !== undefined) return `<${flattenCfnValue(getAtt[0])}.${flattenCfnValue(getAtt[1])}>`;
  if (value['Fn::ImportValue'] !== undefined) return flattenCfnValue(value['Fn::ImportValue']);
  if (value.Ref !== undefined) return `<${flattenCfnValue(value.Ref)}>`;
  return JSON.stringify(value);
};

/** Acknowledges one AwsSolutions rule on a construct (and everything below it). */
export const acknowledge = (scope: IConstruct, rule: string, reason: string): void => {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${rule}`, reason });
};

/**
 * Acknowledges the IAM5 finding of one wildcard resource (a key prefix such as `work/*`), which
 * cdk-nag names after the resolved ARN. `resourceArn` is the same value given to the policy.
 */
export const acknowledgeWildcardResource = (scope: IConstruct, resourceArn: string, reason: string): void => {
  const flat = flattenCfnValue(Stack.of(scope).resolve(resourceArn) as CfnValue);
  acknowledge(scope, `IAM5[Resource::${flat}]`, reason);
};
