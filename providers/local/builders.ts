import { bucketBuilder } from './bucket';
import type { LocalBuilders } from './context';
import { functionBuilder } from './function';
import { httpApiBuilder } from './http-api';
import { queueBuilder } from './queue';
import { scheduleBuilder } from './schedule';
import { secretBuilder } from './secret';
import { tableBuilder } from './table';
import { topicBuilder } from './topic';

/** The local builder of every neutral kind. */
export const LOCAL_BUILDERS: LocalBuilders = {
  table: tableBuilder,
  bucket: bucketBuilder,
  queue: queueBuilder,
  topic: topicBuilder,
  secret: secretBuilder,
  function: functionBuilder,
  'http-api': httpApiBuilder,
  schedule: scheduleBuilder,
};
