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

/** Query parameters of ListObjectsV2 (anything else on a bucket GET is another operation). */
const LIST_PARAMETERS = new Set([
  'list-type',
  'prefix',
  'continuation-token',
  'max-keys',
  'delimiter',
  'start-after',
  'encoding-type',
  'fetch-owner',
  'x-id',
]);

const unescapeXml = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (named[entity.toLowerCase()]) return named[entity.toLowerCase()];
    const hex = entity[1] === 'x' || entity[1] === 'X';
    return String.fromCodePoint(parseInt(entity.slice(hex ? 2 : 1), hex ? 16 : 10));
  });

/** The S3 request on a bucket (no key) → actions: listing, HEAD, multi-object delete; anything else unknown. */
function s3Bucket(request: SdkRequest, bucketArn: string, query: URLSearchParams): IamAuthorization[] {
  const names = [...query.keys()];
  const method = request.method;
  if (method === 'GET' && query.get('list-type') === '2' && names.every((n) => LIST_PARAMETERS.has(n)))
    return [{ action: 's3:ListBucket', resource: bucketArn }];
  if (method === 'HEAD' && names.every((n) => n === 'x-id'))
    return [{ action: 's3:ListBucket', resource: bucketArn }];
  if (method === 'POST' && query.has('delete') && names.every((n) => n === 'delete' || n === 'x-id'))
    return [...request.body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => ({
      action: 's3:DeleteObject',
      resource: `${bucketArn}/${unescapeXml(m[1])}`,
    }));
  return [{ action: `s3:Unknown(${method} bucket ?${query})`, resource: bucketArn }];
}

/** The S3 request on an object → actions (service authorization reference), with what its headers add. */
function s3Object(request: SdkRequest, objectArn: string, query: URLSearchParams): IamAuthorization[] {
  const method = request.method;
  const names = [...query.keys()].filter((n) => n !== 'x-id');
  const only = (...allowed: string[]) => names.every((n) => allowed.includes(n));
  const unknown = [{ action: `s3:Unknown(${method} object ?${query})`, resource: objectArn }];
  const on = (...actions: string[]) => actions.map((action) => ({ action, resource: objectArn }));
  const headers = request.headers;
  if (query.has('uploadId')) {
    if (method === 'PUT' && only('uploadId', 'partNumber')) return on('s3:PutObject');
    if (method === 'POST' && only('uploadId')) return on('s3:PutObject');
    if (method === 'DELETE' && only('uploadId')) return on('s3:AbortMultipartUpload');
    if (method === 'GET' && only('uploadId', 'max-parts', 'part-number-marker'))
      return on('s3:ListMultipartUploadParts');
    return unknown;
  }
  if (method === 'POST') return only('uploads') && query.has('uploads') ? on('s3:PutObject') : unknown;
  if (method === 'GET' || method === 'HEAD') {
    if (!names.every((n) => n === 'versionId' || n === 'partNumber' || n.startsWith('response-')))
      return unknown;
    return on(query.has('versionId') ? 's3:GetObjectVersion' : 's3:GetObject');
  }
  if (method === 'DELETE') {
    if (!only('versionId')) return unknown;
    return on(query.has('versionId') ? 's3:DeleteObjectVersion' : 's3:DeleteObject');
  }
  if (method === 'PUT' && names.length === 0) {
    const source = headers['x-amz-copy-source'];
    const copied =
      typeof source === 'string'
        ? [
            {
              action: 's3:GetObject',
              resource: `arn:aws:s3:::${decodeURIComponent(source.replace(/^\//, ''))}`,
            },
          ]
        : [];
    const tagged = headers['x-amz-tagging'] !== undefined ? on('s3:PutObjectTagging') : [];
    const acl = Object.keys(headers).some((h) => h === 'x-amz-acl' || h.startsWith('x-amz-grant-'))
      ? on('s3:PutObjectAcl')
      : [];
    return [...on('s3:PutObject'), ...copied, ...tagged, ...acl];
  }
  return unknown;
}

/**
 * S3 REST (path style, as the runtime's client sends to an emulator): the method, bucket, key and
 * query parameters name the operation; a parameter this does not know makes it unknown.
 */
function s3(request: SdkRequest): IamAuthorization[] {
  const url = new URL(request.url, 'http://s3');
  const [bucket, ...rest] = url.pathname.slice(1).split('/');
  const key = rest.map(decodeURIComponent).join('/');
  const bucketArn = `arn:aws:s3:::${bucket}`;
  return key
    ? s3Object(request, `${bucketArn}/${key}`, url.searchParams)
    : s3Bucket(request, bucketArn, url.searchParams);
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
