import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../nag';

export interface PhaseSchedulesProps {
  readonly storeFunction: lambda.IFunction;
  readonly startFunction: lambda.IFunction;
  readonly storeEveryMinutes: number;
  /** IANA zone of the daily run (EventBridge Scheduler evaluates the cron expression in it). */
  readonly timeZone: string;
  readonly collectAt: { readonly hour: number; readonly minute: number };
}

/**
 * EventBridge Scheduler schedules (not EventBridge rules, which only know UTC): the store phase
 * every few minutes, and the daily server start just after midnight in the configured zone.
 */
export class PhaseSchedules extends Construct {
  readonly store: scheduler.Schedule;
  readonly collect: scheduler.Schedule;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: PhaseSchedulesProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'InvokeRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: invoke the Locus store and start functions',
    });
    const storeTarget = new targets.LambdaInvoke(props.storeFunction, {
      role: this.role,
      // A missed run is caught up by the next one; retrying later only overlaps it.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(Math.max(1, props.storeEveryMinutes)),
    });
    this.store = new scheduler.Schedule(this, 'Store', {
      description: 'Locus store phase: drain the queue into one work/ object',
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(props.storeEveryMinutes)),
      target: storeTarget,
    });
    const collectTarget = new targets.LambdaInvoke(props.startFunction, {
      role: this.role,
      retryAttempts: 5,
      maxEventAge: Duration.hours(2),
    });
    this.collect = new scheduler.Schedule(this, 'Collect', {
      description: 'Locus daily run: start the collect server (partition, then report the previous day)',
      schedule: scheduler.ScheduleExpression.cron({
        minute: String(props.collectAt.minute),
        hour: String(props.collectAt.hour),
        timeZone: TimeZone.of(props.timeZone),
      }),
      target: collectTarget,
    });
    for (const fn of [props.storeFunction, props.startFunction]) {
      acknowledgeWildcardResource(
        this.role,
        `${fn.functionArn}:*`,
        'The scheduler role may invoke this one function and its qualified versions (the grant CDK makes ' +
          'for a Lambda target); no other function.',
      );
    }
  }
}
