import fc from 'fast-check';
import { decide, matchesWildcard, type IamStatement } from './harness/iam-policy';
import type { SdkRequest } from './harness/recording-proxy';
import { authorizationsOf } from './harness/sdk-request-actions';

const request = (partial: Partial<SdkRequest> & { service: string }): SdkRequest => ({
  method: 'POST',
  url: '/',
  headers: {},
  body: Buffer.alloc(0),
  ...partial,
});

describe('the IAM evaluation the AWS least-privilege test relies on', () => {
  const table = 'arn:aws:dynamodb:us-east-1:000000000000:table/Orders';

  test('an explicit deny wins over an allow; no statement is an implicit deny', () => {
    const allow: IamStatement = { Effect: 'Allow', Action: 'dynamodb:*', Resource: table };
    const deny: IamStatement = { Effect: 'Deny', Action: ['dynamodb:DeleteItem'], Resource: '*' };
    expect(decide([allow, deny], 'dynamodb:GetItem', table)).toBe('allowed');
    expect(decide([allow, deny], 'dynamodb:DeleteItem', table)).toBe('explicitly denied');
    expect(decide([], 'dynamodb:GetItem', table)).toBe('implicitly denied');
  });

  test('actions match without case, resources with case; * and ? are the only wildcards', () => {
    const statement: IamStatement = {
      Effect: 'Allow',
      Action: 'S3:GetObj?ct',
      Resource: 'arn:aws:s3:::b/in/*',
    };
    expect(decide([statement], 's3:getobject', 'arn:aws:s3:::b/in/a/b.txt')).toBe('allowed');
    expect(decide([statement], 's3:GetObject', 'arn:aws:s3:::B/in/a.txt')).toBe('implicitly denied');
    expect(decide([statement], 's3:GetObject', 'arn:aws:s3:::b/other')).toBe('implicitly denied');
    expect(matchesWildcard('arn:aws:s3:::b.c/(x)+', 'arn:aws:s3:::bXc/(x)+')).toBe(false);
  });

  test('a statement it cannot evaluate fully is refused, not half-evaluated', () => {
    const conditional = {
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: { Bool: {} },
    } as IamStatement;
    expect(() => decide([conditional], 's3:GetObject', 'x')).toThrow(/unsupported statement/);
  });

  test('a literal pattern (no wildcard) matches exactly itself', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/[*?]/.test(s)),
        fc.string(),
        (pattern, other) => {
          expect(matchesWildcard(pattern, pattern)).toBe(true);
          if (other !== pattern) expect(matchesWildcard(pattern, other)).toBe(false);
        },
      ),
    );
  });

  test('requests map to the action and resource IAM evaluates', () => {
    const target = (t: string, body: object) =>
      request({
        service: 'dynamodb',
        headers: { 'x-amz-target': `DynamoDB_20120810.${t}` },
        body: Buffer.from(JSON.stringify(body)),
      });
    expect(authorizationsOf(target('Query', { TableName: 'Orders', IndexName: 'byDate' }), String)).toEqual([
      { action: 'dynamodb:Query', resource: `${table}/index/byDate` },
    ]);
    expect(
      authorizationsOf(
        target('TransactWriteItems', {
          TransactItems: [{ Put: { TableName: 'Orders' } }, { Update: { TableName: 'Orders' } }],
        }),
        String,
      ),
    ).toEqual([
      { action: 'dynamodb:PutItem', resource: table },
      { action: 'dynamodb:UpdateItem', resource: table },
    ]);
    const sqs = request({
      service: 'sqs',
      headers: { 'x-amz-target': 'AmazonSQS.SendMessageBatch' },
      body: Buffer.from(JSON.stringify({ QueueUrl: 'http://q/1/jobs' })),
    });
    expect(authorizationsOf(sqs, (url) => `arn-of(${url})`)).toEqual([
      { action: 'sqs:SendMessage', resource: 'arn-of(http://q/1/jobs)' },
    ]);
    const sns = request({
      service: 'sns',
      body: Buffer.from('Action=Publish&TopicArn=arn%3Aaws%3Asns%3Ax%3At'),
    });
    expect(authorizationsOf(sns, String)).toEqual([{ action: 'sns:Publish', resource: 'arn:aws:sns:x:t' }]);
    const s3 = (method: string, url: string, headers = {}) =>
      authorizationsOf(request({ service: 's3', method, url, headers }), String);
    expect(s3('GET', '/files?list-type=2&prefix=a')).toEqual([
      { action: 's3:ListBucket', resource: 'arn:aws:s3:::files' },
    ]);
    expect(s3('HEAD', '/files/a%20b/c.txt')).toEqual([
      { action: 's3:GetObject', resource: 'arn:aws:s3:::files/a b/c.txt' },
    ]);
    expect(s3('PUT', '/files/copy', { 'x-amz-copy-source': '/other/src%2Bx' })).toEqual([
      { action: 's3:PutObject', resource: 'arn:aws:s3:::files/copy' },
      { action: 's3:GetObject', resource: 'arn:aws:s3:::other/src+x' },
    ]);
    expect(s3('PUT', '/files/k?tagging')[0].action).toMatch(/^s3:Unknown/);
    expect(s3('GET', '/files?acl')[0].action).toMatch(/^s3:Unknown/); // not a listing
    expect(s3('GET', '/files?list-type=2&policy')[0].action).toMatch(/^s3:Unknown/);
    expect(s3('HEAD', '/files')).toEqual([{ action: 's3:ListBucket', resource: 'arn:aws:s3:::files' }]);
    expect(s3('GET', '/files/k?versionId=3&x-id=GetObject')[0].action).toBe('s3:GetObjectVersion');
    expect(s3('DELETE', '/files/k?versionId=3')[0].action).toBe('s3:DeleteObjectVersion');
    expect(s3('GET', '/files/k?uploadId=u')[0].action).toBe('s3:ListMultipartUploadParts');
    expect(
      s3('PUT', '/files/k', { 'x-amz-tagging': 'a=b', 'x-amz-acl': 'private' }).map((a) => a.action),
    ).toEqual(['s3:PutObject', 's3:PutObjectTagging', 's3:PutObjectAcl']);
    const multiDelete = authorizationsOf(
      request({
        service: 's3',
        url: '/files?delete',
        body: Buffer.from('<Delete><Object><Key>a&amp;b &#233;</Key></Object></Delete>'),
      }),
      String,
    );
    expect(multiDelete).toEqual([{ action: 's3:DeleteObject', resource: 'arn:aws:s3:::files/a&b é' }]);
    expect(authorizationsOf(request({ service: 'unsigned' }), String)[0].action).toMatch(/Unknown/);
  });
});
