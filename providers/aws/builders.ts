import { bucketBuilder } from './bucket';
import type { AwsBuilders } from './context';
import { functionBuilder } from './function';
import { httpApiBuilder } from './http-api';
import { queueBuilder } from './queue';
import { scheduleBuilder } from './schedule';
import { secretBuilder } from './secret';
import { tableBuilder } from './table';
import { topicBuilder } from './topic';

/** The AWS builder of every neutral kind. */
export const AWS_BUILDERS: AwsBuilders = {
  table: tableBuilder,
  bucket: bucketBuilder,
  queue: queueBuilder,
  topic: topicBuilder,
  secret: secretBuilder,
  function: functionBuilder,
  'http-api': httpApiBuilder,
  schedule: scheduleBuilder,
};
