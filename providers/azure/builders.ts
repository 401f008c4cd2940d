import { bucketBuilder } from './bucket';
import type { AzureBuilders } from './context';
import { functionBuilder } from './function';
import { httpApiBuilder } from './http-api';
import { queueBuilder } from './queue';
import { scheduleBuilder } from './schedule';
import { secretBuilder } from './secret';
import { tableBuilder } from './table';
import { topicBuilder } from './topic';

/** The Azure builder of every neutral kind. */
export const AZURE_BUILDERS: AzureBuilders = {
  table: tableBuilder,
  bucket: bucketBuilder,
  queue: queueBuilder,
  topic: topicBuilder,
  secret: secretBuilder,
  function: functionBuilder,
  'http-api': httpApiBuilder,
  schedule: scheduleBuilder,
};
