import * as pubsub from '@pulumi/gcp/pubsub';
import * as pulumi from '@pulumi/pulumi';
import type { Function, Resource } from 'anycloud';
import type { GcpBuildContext } from './context';
import { declareIamMember, GCP_ROLES } from './iam';
import type { PushDelivery } from './natives';
import { PUSH_PATH_PREFIX, type GcpPush } from './runtime/function-settings';

/** Pub/Sub accepts 5-100 delivery attempts before dead-lettering. */
export const DELIVERY_ATTEMPTS = { min: 5, max: 100 } as const;

/** Seven days: the longest a subscription keeps a message (and the dead letters). */
const RETENTION = '604800s';

/** The push endpoint path of a source on its function's URL. */
export function pushPath(source: GcpPush['source'], index?: number): string {
  return `${PUSH_PATH_PREFIX}${source.kind}/${encodeURIComponent(source.id)}${index === undefined ? '' : `/${index}`}`;
}

/** A subscription's ack deadline: the function's timeout, within Pub/Sub's 10-600 seconds. */
export function ackDeadlineSeconds(fn: Function): number {
  return Math.min(600, Math.max(10, fn.timeoutSeconds));
}

/** What one push delivery is: its names, the topic it reads, where it pushes, and its retries. */
export interface PushDeliveryRequest {
  /** The construct the delivery belongs to (its component parents the resources). */
  readonly owner: Resource;
  /** Suffix of the Pulumi names (`<owner path>/<role>-subscription`). */
  readonly role: string;
  /** Name of the push subscription (the dead-letter topic and subscription add `-dlq`). */
  readonly name: string;
  readonly topic: pubsub.Topic;
  readonly target: Function;
  readonly path: string;
  readonly maxRetries: number;
  /** How long an undelivered message is kept (10 minutes - 7 days). @default 7 days */
  readonly retention?: string;
}

/**
 * A push subscription delivering `topic` to `target`'s URL at `path`, signed with an OIDC token
 * of the invoker account (audience: the function URL), with a dead-letter topic and a pull
 * subscription keeping the dead letters for 7 days. Pub/Sub needs 5-100 attempts before it
 * dead-letters; the shim runs the handler at most `maxRetries + 1` times and refuses the
 * deliveries after that, so the message is dead-lettered after exactly the neutral retries (or
 * after 5 deliveries, whichever is later). The Pub/Sub service agent gets what dead-lettering
 * needs: publish on the dead-letter topic, subscribe on the subscription.
 */
export function declarePushDelivery(request: PushDeliveryRequest, ctx: GcpBuildContext): PushDelivery {
  const { owner, role, name, topic, target } = request;
  if (request.maxRetries + 1 < DELIVERY_ATTEMPTS.min)
    ctx.degrade(
      owner,
      'gcp.delivery.dead-letter-after-5-deliveries',
      `Pub/Sub dead-letters after at least ${DELIVERY_ATTEMPTS.min} deliveries: ${target.node.path} runs ${request.maxRetries + 1} time(s) as asked, the shim refuses the later deliveries, so a failing message reaches its dead letters later (after ${DELIVERY_ATTEMPTS.min} deliveries)`,
    );
  const project = ctx.settings.project;
  const path = `${owner.node.path}/${role}`;
  const opts = ctx.optionsOf(owner);
  const deadLetterTopic = new pubsub.Topic(`${path}-dlq`, { project, name: `${name}-dlq` }, opts);
  const deadLetters = new pubsub.Subscription(
    `${path}-dlq-subscription`,
    {
      project,
      name: `${name}-dlq`,
      topic: deadLetterTopic.id,
      messageRetentionDuration: RETENTION,
      expirationPolicy: { ttl: '' },
      ackDeadlineSeconds: 60,
    },
    opts,
  );
  const url = ctx.nativeOf(target).uri;
  const subscription = new pubsub.Subscription(
    `${path}-subscription`,
    {
      project,
      name,
      topic: topic.id,
      ackDeadlineSeconds: ackDeadlineSeconds(target),
      messageRetentionDuration: request.retention ?? RETENTION,
      // Never expire for inactivity (the default is 31 days idle).
      expirationPolicy: { ttl: '' },
      pushConfig: {
        pushEndpoint: pulumi.interpolate`${url}${request.path}`,
        oidcToken: { serviceAccountEmail: ctx.shared.invoker!.email, audience: url },
      },
      deadLetterPolicy: {
        deadLetterTopic: deadLetterTopic.id,
        maxDeliveryAttempts: Math.min(
          DELIVERY_ATTEMPTS.max,
          Math.max(DELIVERY_ATTEMPTS.min, request.maxRetries + 1),
        ),
      },
      retryPolicy: { minimumBackoff: '10s', maximumBackoff: '600s' },
    },
    ctx.optionsOf(owner, [ctx.nativeOf(target).invoker!]),
  );
  const agent = pulumi.interpolate`serviceAccount:service-${ctx.shared.projectNumber}@gcp-sa-pubsub.iam.gserviceaccount.com`;
  const agentRoles = [
    declareIamMember(
      `${path}-dlq-agent-publisher`,
      agent,
      {
        role: GCP_ROLES.publisher,
        scope: { kind: 'topic', topic: deadLetterTopic.name },
        scopeKey: `${path}-dlq`,
      },
      project,
      opts,
    ),
    declareIamMember(
      `${path}-agent-subscriber`,
      agent,
      {
        role: GCP_ROLES.subscriber,
        scope: { kind: 'subscription', subscription: subscription.name },
        scopeKey: `${path}-subscription`,
      },
      project,
      opts,
    ),
  ];
  return { subscription, deadLetterTopic, deadLetters, agentRoles };
}
