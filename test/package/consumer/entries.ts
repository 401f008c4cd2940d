// Every entry point of the package, for the type checks of the consumer test.
import { App, Table, ValidationError } from 'anycloud';
import type { TableClient } from 'anycloud/runtime';
import type { RuntimeHost } from 'anycloud/runtime/host';
import type { BundleSpec } from 'anycloud/adapter';
import type { AwsBuild } from 'anycloud/aws';
import type { CloudflareBuild } from 'anycloud/cloudflare';
import type { LocalApp } from 'anycloud/local';
import type { DeployOptions } from 'anycloud/pulumi';
import type { BuiltInTargets } from 'anycloud/testing';
import type { NeutralComponent } from 'anycloud/adapter/pulumi';

export type Entries = [
  TableClient,
  RuntimeHost,
  BundleSpec,
  AwsBuild,
  CloudflareBuild,
  LocalApp,
  DeployOptions,
  BuiltInTargets,
  NeutralComponent,
];

const app = new App({ name: 'types' });
// The types are the real ones, not `any`: each of these lines must be a type error.
// @ts-expect-error partitionKey is a string
new Table(app, 'Wrong', { partitionKey: 42 });
// @ts-expect-error issues is read-only data, not a function
new ValidationError([]).issues();
