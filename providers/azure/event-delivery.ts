import type * as storage from '@pulumi/azure-native/storage';
import type * as pulumi from '@pulumi/pulumi';
import type { AzureBuildContext } from './context';
import { assignRole, type RolePrincipal } from './roles';

/** The app's dead-letter container for Event Grid, and stable text naming it (role assignment names). */
export interface EventDeadLetters {
  readonly container: storage.BlobContainer;
  readonly scopeKey: string;
}

/** Event Grid's retries of the hop into a queue: 30 attempts within a day, then the dead letter. */
export const EVENT_DELIVERY_RETRY = { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 } as const;

/** The blob container of the data account where Event Grid dead-letters what it could not deliver. */
export const EVENT_DEAD_LETTER_CONTAINER = 'event-dead-letters';

/**
 * The delivery arguments of an Event Grid subscription into the storage queue `queueName`: with
 * the topic's identity (no keys), messages kept until consumed or poisoned, Event Grid's retries,
 * and a dead letter into the app's dead-letter container when the queue cannot take the event.
 */
export function queueDelivery(queueName: pulumi.Input<string>, ctx: AzureBuildContext) {
  const dataAccountId = ctx.shared.dataAccount!.account.id;
  return {
    deliveryWithResourceIdentity: {
      identity: { type: 'SystemAssigned' as const },
      destination: {
        endpointType: 'StorageQueue' as const,
        resourceId: dataAccountId,
        queueName,
        // Events stay in the queue until consumed (or poisoned).
        queueMessageTimeToLiveInSeconds: -1,
      },
    },
    deadLetterWithResourceIdentity: {
      identity: { type: 'SystemAssigned' as const },
      deadLetterDestination: {
        endpointType: 'StorageBlob' as const,
        resourceId: dataAccountId,
        blobContainerName: EVENT_DEAD_LETTER_CONTAINER,
      },
    },
    retryPolicy: { ...EVENT_DELIVERY_RETRY },
  };
}

/** Lets a topic's identity write dead letters: Storage Blob Data Contributor on the dead-letter container only. */
export function grantDeadLettering(
  pulumiName: string,
  principal: RolePrincipal,
  deadLetters: EventDeadLetters,
  subscriptionId: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
) {
  return assignRole(
    pulumiName,
    principal,
    { role: 'storageBlobDataContributor', scope: deadLetters.container.id, scopeKey: deadLetters.scopeKey },
    subscriptionId,
    opts,
  );
}
