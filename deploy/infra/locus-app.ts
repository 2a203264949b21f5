import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LocusStack, type LocusStackProps } from './locus-stack';
import { settingsFromNode } from './settings';

export interface LocusAppOptions extends AppProps {
  /** Name of the CloudFormation stack (also the prefix of fixed resource names). */
  readonly stackName?: string;
  readonly deviceAuthorizer?: LocusStackProps['deviceAuthorizer'];
}

/**
 * The CDK app: one `LocusStack`, settings from context, and the cdk-nag AwsSolutions checks as a
 * policy validation plugin (synthesis fails on an unacknowledged error).
 */
export const createLocusApp = (options: LocusAppOptions = {}): { app: App; stack: LocusStack } => {
  const { stackName, deviceAuthorizer, ...appProps } = options;
  const app = new App(appProps);
  const name = stackName ?? (app.node.tryGetContext('stackName') as string | undefined) ?? 'Locus';
  const stack = new LocusStack(app, name, {
    settings: settingsFromNode(app.node),
    deviceAuthorizer,
    description: 'Locus: device location intake, daily partitions and reports',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
};
