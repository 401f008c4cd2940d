import type { SdkRequest } from './recording-proxy';

/** One IAM authorization a request needs: the action, on the resource's ARN. */
export interface IamAuthorization {
  readonly action: string;
  readonly resource: string;
}

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

/** DynamoDB transaction item kinds → the action each needs. */
const TRANSACT_ACTIONS: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};

const tableArn = (table: string, index?: string) =>
  `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table}${index ? `/index/${index}` : ''}`;

/** The operation of a JSON-protocol request (`x-amz-target: Prefix.Operation`) or of a query-protocol one (`Action=`). */
function operationOf(request: SdkRequest): { operation: string; input: Record<string, unknown> } {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string')
    return {
      operation: target.slice(target.lastIndexOf('.') + 1),
      input: JSON.parse(request.body.toString('utf8') || '{}') as Record<string, unknown>,
    };
  const form = Object.fromEntries(new URLSearchParams(request.body.toString('utf8')));
  return { operation: form.Action ?? 'Unknown', input: form };
}

function dynamodb(request: SdkRequest): IamAuthorization[] {
  const { operation, input } = operationOf(request);
  if (operation === 'BatchGetItem' || operation === 'BatchWriteItem')
    return Object.keys(input.RequestItems as object).map((table) => ({
      action: `dynamodb:${operation}`,
      resource: tableArn(table),
    }));
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems')
    return (input.TransactItems as Record<string, { TableName: string }>[]).flatMap((item) =>
      Object.entries(item).map(([kind, inner]) => ({
        action: `dynamodb:${TRANSACT_ACTIONS[kind] ?? kind}`,
        resource: tableArn(inner.TableName),
      })),
    );
  return [
    {
      action: `dynamodb:${operation}`,
      resource: tableArn(String(input.TableName), input.IndexName as string | undefined),
    },
  ];
}

function sqs(request: SdkRequest, queueArnOf: (url: string) => string): IamAuthorization[] {
  const { operation, input } = operationOf(request);
  const action = `sqs:${operation.replace(/Batch$/, '')}`; // SendMessageBatch needs sqs:SendMessage
  return [{ action, resource: queueArnOf(String(input.QueueUrl)) }];
}

function sns(request: SdkRequest): IamAuthorization[] {
  const { operation, input } = operationOf(request);
  const action = `sns:${operation.replace(/Batch$/, '')}`; // PublishBatch needs sns:Publish
  return [{ action, resource: String(input.TopicArn) }];
}

function secretsManager(request: SdkRequest): IamAuthorization[] {
  const { operation, input } = operationOf(request);
  return [{ action: `secretsmanager:${operation}`, resource: String(input.SecretId) }];
}

/** S3 REST (path style, as the runtime's client sends to an emulator): method, bucket, key and sub-resource → action. */
function s3(request: SdkRequest): IamAuthorization[] {
  const url = new URL(request.url, 'http://s3');
  const [bucket, ...rest] = url.pathname.slice(1).split('/');
  const key = rest.map(decodeURIComponent).join('/');
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const objectArn = `${bucketArn}/${key}`;
  const query = url.searchParams;
  const method = request.method;
  if (!key) {
    if (method === 'GET' && !query.has('location') && !query.has('versions') && !query.has('uploads'))
      return [{ action: 's3:ListBucket', resource: bucketArn }];
    if (method === 'POST' && query.has('delete'))
      return [...request.body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => ({
        action: 's3:DeleteObject',
        resource: `${bucketArn}/${m[1]}`,
      }));
    return [{ action: `s3:Unknown(${method} bucket ?${query})`, resource: bucketArn }];
  }
  if (query.has('uploadId') && method === 'DELETE')
    return [{ action: 's3:AbortMultipartUpload', resource: objectArn }];
  if (query.has('uploadId') || query.has('uploads')) return [{ action: 's3:PutObject', resource: objectArn }];
  if (query.has('tagging') || query.has('acl') || query.has('retention') || query.has('legal-hold'))
    return [{ action: `s3:Unknown(${method} object ?${query})`, resource: objectArn }];
  if (method === 'GET' || method === 'HEAD') return [{ action: 's3:GetObject', resource: objectArn }];
  if (method === 'DELETE') return [{ action: 's3:DeleteObject', resource: objectArn }];
  if (method === 'PUT') {
    const source = request.headers['x-amz-copy-source'];
    const copied =
      typeof source === 'string'
        ? [
            {
              action: 's3:GetObject',
              resource: `arn:aws:s3:::${decodeURIComponent(source.replace(/^\//, ''))}`,
            },
          ]
        : [];
    return [{ action: 's3:PutObject', resource: objectArn }, ...copied];
  }
  return [{ action: `s3:Unknown(${method} object)`, resource: objectArn }];
}

/**
 * The IAM authorizations an AWS API request needs (the action and resource IAM evaluates for it,
 * per the service authorization reference), for the services anycloud's runtime clients call.
 * A request this does not know maps to an `Unknown` action, which no policy allows.
 */
export function authorizationsOf(
  request: SdkRequest,
  queueArnOf: (url: string) => string,
): IamAuthorization[] {
  switch (request.service) {
    case 'dynamodb':
      return dynamodb(request);
    case 'sqs':
      return sqs(request, queueArnOf);
    case 'sns':
      return sns(request);
    case 'secretsmanager':
      return secretsManager(request);
    case 's3':
      return s3(request);
    default:
      return [{ action: `${request.service}:Unknown(${request.method} ${request.url})`, resource: '*' }];
  }
}
