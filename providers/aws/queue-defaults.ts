import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from './nag';

/**
 * A dead-letter queue with anycloud's secure defaults: SQS-managed encryption, TLS only,
 * 14 days of retention (the SQS maximum) so failures can be inspected and redriven.
 */
export function deadLetterQueue(
  scope: Construct,
  id: string,
  queueName: string | undefined,
  purpose: string,
): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    queueName,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy: RemovalPolicy.DESTROY,
  });
  acknowledge(queue, [
    {
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a dead-letter queue (${purpose}); it has no consumer to fail.`,
    },
  ]);
  return queue;
}
