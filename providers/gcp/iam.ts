import * as cloudrunv2 from '@pulumi/gcp/cloudrunv2';
import * as projects from '@pulumi/gcp/projects';
import * as pubsub from '@pulumi/gcp/pubsub';
import * as secretmanager from '@pulumi/gcp/secretmanager';
import * as storage from '@pulumi/gcp/storage';
import type * as pulumi from '@pulumi/pulumi';

/**
 * Predefined roles anycloud grants, by what they allow (https://cloud.google.com/iam/docs/understanding-roles).
 * Each grant becomes one IAM member of the narrowest role on the single resource.
 */
export const GCP_ROLES = {
  objectViewer: 'roles/storage.objectViewer',
  objectUser: 'roles/storage.objectUser',
  publisher: 'roles/pubsub.publisher',
  subscriber: 'roles/pubsub.subscriber',
  secretAccessor: 'roles/secretmanager.secretAccessor',
  datastoreViewer: 'roles/datastore.viewer',
  datastoreUser: 'roles/datastore.user',
  runInvoker: 'roles/run.invoker',
} as const;

/** The single resource an IAM role is granted on. */
export type IamScope =
  | { readonly kind: 'topic'; readonly topic: pulumi.Input<string> }
  | { readonly kind: 'subscription'; readonly subscription: pulumi.Input<string> }
  | { readonly kind: 'bucket'; readonly bucket: pulumi.Input<string> }
  | { readonly kind: 'secret'; readonly secretId: pulumi.Input<string> }
  | { readonly kind: 'run-service'; readonly service: pulumi.Input<string>; readonly location: string }
  /**
   * A Firestore database: Firestore has no per-collection IAM, so the role is granted on the
   * project with an IAM condition naming the database (a documented widening: every table of the app).
   */
  | { readonly kind: 'database'; readonly database: string };

/** One IAM role on one resource, and stable text naming the resource (the member's Pulumi name). */
export interface IamGrant {
  readonly role: (typeof GCP_ROLES)[keyof typeof GCP_ROLES];
  readonly scope: IamScope;
  readonly scopeKey: string;
}

/** The IAM condition that narrows a project-level Firestore role to one database. */
export function databaseCondition(project: string, database: string) {
  return {
    title: `anycloud-${database}`,
    description: `only the Firestore database ${database}`,
    expression: `resource.name == "projects/${project}/databases/${database}"`,
  };
}

/** Declares one IAM member: `member` gets `grant.role` on the single resource of `grant.scope`. */
export function declareIamMember(
  pulumiName: string,
  member: pulumi.Input<string>,
  grant: IamGrant,
  project: string,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const { role, scope } = grant;
  switch (scope.kind) {
    case 'topic':
      return new pubsub.TopicIAMMember(pulumiName, { project, topic: scope.topic, role, member }, opts);
    case 'subscription':
      return new pubsub.SubscriptionIAMMember(
        pulumiName,
        { project, subscription: scope.subscription, role, member },
        opts,
      );
    case 'bucket':
      return new storage.BucketIAMMember(pulumiName, { bucket: scope.bucket, role, member }, opts);
    case 'secret':
      return new secretmanager.SecretIamMember(
        pulumiName,
        { project, secretId: scope.secretId, role, member },
        opts,
      );
    case 'run-service':
      return new cloudrunv2.ServiceIamMember(
        pulumiName,
        { project, location: scope.location, name: scope.service, role, member },
        opts,
      );
    case 'database':
      return new projects.IAMMember(
        pulumiName,
        { project, role, member, condition: databaseCondition(project, scope.database) },
        opts,
      );
  }
}
