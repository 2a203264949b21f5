import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeWildcardResource } from '../nag';

/**
 * Where the deployment keeps device and download tokens: SSM SecureString parameters
 * `/locus/<stack>/tokens/<id>` (salted hashes only, encrypted with the account's SSM key), written
 * by `locus token create` with `LOCUS_AWS_TOKEN_PATH` set to {@link tokenPath}.
 */
export const tokenPath = (stack: Stack): string => `/locus/${stack.stackName}/tokens/`;

/** The variables that turn device authentication on in `parse_request`. */
export const deviceAuthEnvironment = (stack: Stack): Record<string, string> => ({
  LOCUS_AUTH: 'on',
  LOCUS_AWS_TOKEN_PATH: tokenPath(stack),
});

/** The ARN of every token parameter (a prefix: one parameter per token, made after deployment). */
const tokenParametersArn = (stack: Stack): string =>
  stack.formatArn({
    service: 'ssm',
    resource: 'parameter',
    resourceName: `${tokenPath(stack).slice(1)}*`,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });

/**
 * `locus serve` also lists the token parameters at start (it refuses to start while no device
 * token exists): `GetParametersByPath` on the token path, whose ARN is the path itself.
 */
export const grantTokenList = (role: iam.IRole): void => {
  const stack = Stack.of(role);
  const pathArn = stack.formatArn({
    service: 'ssm',
    resource: 'parameter',
    resourceName: tokenPath(stack).slice(1, -1),
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['ssm:GetParametersByPath'], resources: [pathArn, `${pathArn}/*`] }),
  );
  acknowledgeWildcardResource(
    role,
    `${pathArn}/*`,
    "Listing the token parameters under the stack's token path (the path with or without its trailing slash).",
  );
};

/** `parse_request` reads one token parameter at a time (and nothing else of SSM). */
export const grantTokenRead = (role: iam.IRole): void => {
  const stack = Stack.of(role);
  const resource = tokenParametersArn(stack);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [resource] }),
  );
  acknowledgeWildcardResource(
    role,
    resource,
    "One SSM parameter per token under the stack's token path; tokens are made after deployment, so the path is a prefix.",
  );
};
