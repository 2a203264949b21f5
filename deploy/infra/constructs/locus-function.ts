import type { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { LambdaBundleName } from '../bundles';

/** The Lambda runtime of every Locus function. */
export const LOCUS_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface LocusFunctionProps {
  readonly bundle: LambdaBundleName;
  readonly code: lambda.Code;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: logs.RetentionDays;
  /** A fixed name, for a function that something else must name before it exists. */
  readonly functionName?: string;
  /** Retries of a failed asynchronous (scheduled) invocation; Lambda's default is 2. */
  readonly retryAttempts?: number;
  /** Keep only warnings and errors (the platform's per-invocation lines cost money at high rates). */
  readonly quiet?: boolean;
}

/**
 * One phase's function: its own role (no managed policies; callers add exactly what the phase
 * needs), its own log group with a retention, JSON logs, arm64, `index.handler` of the bundle.
 */
export class LocusFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LocusFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.bundle}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.function = new lambda.Function(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      runtime: LOCUS_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: props.code,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: props.quiet ? lambda.ApplicationLogLevel.WARN : lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: props.quiet ? lambda.SystemLogLevel.WARN : lambda.SystemLogLevel.INFO,
      environment: { ...props.environment },
      retryAttempts: props.retryAttempts,
    });
  }
}
