import * as eventgrid from '@pulumi/azure-native/eventgrid';
import * as storage from '@pulumi/azure-native/storage';
import type { Bucket, ObjectEventSubscription } from 'anycloud';
import { childOf } from '../shared/pulumi-component';
import { runtimeClientModule } from '../shared/runtime-client-module';
import { connectConsumer, declareConsumedQueue } from './consumed-queue';
import { queueDelivery } from './event-delivery';
import type { AzureBuildContext, AzureBuilder } from './context';
import { azureName } from './naming';
import type { AzureNatives } from './natives';
import { assignRole } from './roles';

/** Object events are re-run this many times before they are poisoned (as on Cloudflare). */
export const OBJECT_EVENT_RETRIES = 3;

/** Event Grid event types of each neutral object event. */
export const BLOB_EVENT_TYPES = {
  created: 'Microsoft.Storage.BlobCreated',
  removed: 'Microsoft.Storage.BlobDeleted',
} as const;

/** Name of the storage queue that receives subscription `index`'s object events. */
export function notificationQueueName(bucket: Bucket, index: number): string {
  return azureName(bucket, 'queue', `events-${index}`);
}

/** The subject filter of a subscription: Event Grid subjects are `/blobServices/default/containers/<c>/blobs/<key>`. */
function subjectFilter(containerName: string, subscription: ObjectEventSubscription) {
  return {
    includedEventTypes: [BLOB_EVENT_TYPES[subscription.type]],
    subjectBeginsWith: `/blobServices/default/containers/${containerName}/blobs/${subscription.prefix ?? ''}`,
    ...(subscription.suffix !== undefined ? { subjectEndsWith: subscription.suffix } : {}),
    // Neutral prefixes and suffixes are case-sensitive.
    isSubjectCaseSensitive: true,
  };
}

/** One object-event subscription: a storage queue (+ poison) fed by the data account's system topic. */
function declareNotification(
  node: Bucket,
  containerName: string,
  subscription: ObjectEventSubscription,
  index: number,
  ctx: AzureBuildContext,
): AzureNatives['bucket']['notifications'][number] {
  const role = `events-${index}-queue`;
  const consumed = declareConsumedQueue(node, role, notificationQueueName(node, index), ctx);
  const systemTopic = ctx.shared.systemTopic!;
  const delivery = assignRole(
    `${node.node.path}/events-${index}-delivery`,
    {
      principalId: systemTopic.identity.apply((i) => i?.principalId ?? ''),
      principalKey: `${node.app.node.path}/azure/blob-events`,
    },
    {
      role: 'storageQueueDataMessageSender',
      scope: consumed.queue.id,
      scopeKey: `${node.node.path}/${role}`,
    },
    ctx.settings.subscriptionId,
    childOf(ctx.componentOf(node)),
  );
  const eventSubscription = new eventgrid.SystemTopicEventSubscription(
    `${node.node.path}/events-${index}`,
    {
      eventSubscriptionName: azureName(node, 'eventSubscription', `events-${index}`),
      systemTopicName: systemTopic.name,
      resourceGroupName: ctx.shared.resourceGroupName,
      eventDeliverySchema: 'EventGridSchema',
      filter: subjectFilter(containerName, subscription),
      ...queueDelivery(consumed.queueName, ctx),
    },
    childOf(ctx.componentOf(node), {
      dependsOn: [delivery, consumed.queue, ctx.shared.systemTopicDeadLettering!],
    }),
  );
  return { ...consumed, subscription, eventSubscription, delivery };
}

/**
 * Bucket → a private blob container (no anonymous access) in the app's data account. Each
 * object-event subscription → an event subscription on the account's Event Grid system topic
 * (event type, case-sensitive subject prefix and suffix) delivering with the topic's identity
 * into a storage queue (+ poison), consumed by the subscriber's queue trigger. A read grant →
 * Storage Blob Data Reader, write or read-write → Storage Blob Data Contributor, on this container only.
 */
export const bucketBuilder: AzureBuilder<'bucket'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const account = ctx.shared.dataAccount!;
    const containerName = azureName(node, 'container');
    const args = ctx.transform(
      'bucket',
      {
        accountName: account.name,
        resourceGroupName: ctx.shared.resourceGroupName,
        containerName,
        publicAccess: 'None',
      },
      node,
    );
    const container = new storage.BlobContainer(
      `${node.node.path}/container`,
      args,
      childOf(component, { dependsOn: [account.account] }),
    );
    const notifications = node.subscriptions.map((s, i) =>
      declareNotification(node, containerName, s, i, ctx),
    );
    ctx.register(node, { component, container, notifications });
    component.complete({ containerName: container.name });
  },

  connect(node, ctx) {
    ctx
      .nativeOf(node)
      .notifications.forEach((n, i) =>
        connectConsumer(node, `events-${i}-queue`, n.subscription.target, n, ctx),
      );
  },

  grant(node, access, ctx) {
    const { container } = ctx.nativeOf(node);
    return {
      roles: [
        {
          role: access === 'read' ? 'storageBlobDataReader' : 'storageBlobDataContributor',
          scope: container.id,
          scopeKey: `${node.node.path}/container`,
        },
      ],
      binding: {
        kind: 'bucket',
        access,
        name: azureName(node, 'container'),
        endpoint: ctx.shared.dataAccount!.blobEndpoint,
      },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'blob-bucket-client', 'blobBucketClient'),
};
