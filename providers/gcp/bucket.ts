import * as pubsub from '@pulumi/gcp/pubsub';
import * as storage from '@pulumi/gcp/storage';
import * as pulumi from '@pulumi/pulumi';
import type { Bucket, ObjectEventSubscription } from 'anycloud';
import { runtimeClientModule } from '../shared/runtime-client-module';
import type { GcpBuildContext, GcpBuilder } from './context';
import { declareIamMember, GCP_ROLES } from './iam';
import type { GcpNatives } from './natives';
import { gcpName } from './naming';
import { declarePushDelivery, pushPath } from './push-delivery';

/** Object events are re-run this many times before they are dead-lettered (as on Cloudflare and Azure). */
export const OBJECT_EVENT_RETRIES = 3;

/** Cloud Storage notification event types of each neutral object event. */
export const GCS_EVENT_TYPES = { created: 'OBJECT_FINALIZE', removed: 'OBJECT_DELETE' } as const;

/** One object-event subscription: a topic fed by a Cloud Storage notification (prefix filtered there). */
function declareNotification(
  node: Bucket,
  bucket: storage.Bucket,
  subscription: ObjectEventSubscription,
  index: number,
  ctx: GcpBuildContext,
): GcpNatives['bucket']['notifications'][number] {
  const project = ctx.settings.project;
  const topic = new pubsub.Topic(
    `${node.node.path}/events-${index}`,
    { project, name: gcpName(node, 'pubsub', `events-${index}`) },
    ctx.optionsOf(node),
  );
  // The Cloud Storage service agent publishes the notifications: publisher on this topic only.
  const publisher = declareIamMember(
    `${node.node.path}/events-${index}-publisher`,
    pulumi.interpolate`serviceAccount:${ctx.shared.storageAgent!}`,
    {
      role: GCP_ROLES.publisher,
      scope: { kind: 'topic', topic: topic.name },
      scopeKey: `${node.node.path}/events-${index}`,
    },
    project,
    ctx.optionsOf(node),
  );
  const notification = new storage.Notification(
    `${node.node.path}/notification-${index}`,
    {
      bucket: bucket.name,
      topic: topic.id,
      payloadFormat: 'JSON_API_V1',
      eventTypes: [GCS_EVENT_TYPES[subscription.type]],
      ...(subscription.prefix !== undefined ? { objectNamePrefix: subscription.prefix } : {}),
    },
    ctx.optionsOf(node, [publisher]),
  );
  return { subscription, topic, notification };
}

/**
 * Bucket → a Cloud Storage bucket in the region: uniform bucket-level access, public access
 * prevention enforced, Google-managed encryption, kept on `pulumi destroy` unless empty. Each
 * object-event subscription → a Cloud Storage Pub/Sub notification (event type, prefix) into its
 * own topic, pushed to the subscriber with retries and a dead-letter topic; the suffix is checked
 * by the shim (notifications filter prefixes only). A read grant → `roles/storage.objectViewer`,
 * write or readwrite → `roles/storage.objectUser`, on this bucket only.
 */
export const bucketBuilder: GcpBuilder<'bucket'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const bucket = new storage.Bucket(
      `${node.node.path}/bucket`,
      ctx.transform(
        'bucket',
        {
          project: ctx.settings.project,
          name: gcpName(node, 'bucket'),
          location: ctx.settings.region,
          uniformBucketLevelAccess: true,
          publicAccessPrevention: 'enforced',
          forceDestroy: false,
        },
        node,
      ),
      ctx.optionsOf(node),
    );
    const notifications = node.subscriptions.map((s, i) => declareNotification(node, bucket, s, i, ctx));
    for (const s of node.subscriptions.filter((s) => s.suffix !== undefined))
      ctx.degrade(
        node,
        'gcp.bucket.suffix-in-shim',
        `notifications filter prefixes only: ${s.target.node.path} is woken for every ${s.type} object${s.prefix ? ` under "${s.prefix}"` : ''} and the shim drops keys not ending in "${s.suffix}"`,
      );
    ctx.register(node, { component, bucket, notifications });
    component.complete({ bucketName: bucket.name });
  },

  connect(node, ctx) {
    for (const [index, n] of ctx.nativeOf(node).notifications.entries()) {
      n.delivery = declarePushDelivery(
        {
          owner: node,
          role: `events-${index}`,
          name: gcpName(node, 'pubsub', `events-${index}-consumer`),
          topic: n.topic,
          target: n.subscription.target,
          path: pushPath({ kind: 'bucket', id: node.node.id }, index),
          maxRetries: OBJECT_EVENT_RETRIES,
        },
        ctx,
      );
    }
  },

  grant(node, access, ctx) {
    const { bucket } = ctx.nativeOf(node);
    return {
      iam: [
        {
          role: access === 'read' ? GCP_ROLES.objectViewer : GCP_ROLES.objectUser,
          scope: { kind: 'bucket', bucket: bucket.name },
          scopeKey: `${node.node.path}/bucket`,
        },
      ],
      binding: { kind: 'bucket', access, name: gcpName(node, 'bucket') },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'gcs-bucket-client', 'gcsBucketClient'),
};
