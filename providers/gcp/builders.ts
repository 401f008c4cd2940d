import { bucketBuilder } from './bucket';
import type { GcpBuilders } from './context';
import { functionBuilder } from './function';
import { httpApiBuilder } from './http-api';
import { queueBuilder } from './queue';
import { scheduleBuilder } from './schedule';
import { secretBuilder } from './secret';
import { tableBuilder } from './table';
import { topicBuilder } from './topic';

/** The GCP builder of every neutral kind. */
export const GCP_BUILDERS: GcpBuilders = {
  table: tableBuilder,
  bucket: bucketBuilder,
  queue: queueBuilder,
  topic: topicBuilder,
  secret: secretBuilder,
  function: functionBuilder,
  'http-api': httpApiBuilder,
  schedule: scheduleBuilder,
};
