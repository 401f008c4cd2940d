import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Item,
  type SortCondition,
  type TableClient,
  type TablePage,
  type TableQuery,
  type TableScan,
} from 'anycloud/runtime';
import {
  decodeCursor,
  encodeCursor,
  isExpired,
  checkQuery,
  queryLimit,
  tableKeyOf,
  type ResourceBinding,
} from 'anycloud/runtime/host';

let shared: DynamoDBDocumentClient | undefined;

function documentClient(): DynamoDBDocumentClient {
  shared ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return shared;
}

/** Uses `client` for every table client made afterwards (tests point it at a local endpoint). */
export function useDynamoDbClient(client: DynamoDBClient): void {
  shared = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

function sortExpression(name: string, condition: SortCondition, values: Record<string, unknown>): string {
  if ('eq' in condition) return ((values[':s'] = condition.eq), `${name} = :s`);
  if ('lt' in condition) return ((values[':s'] = condition.lt), `${name} < :s`);
  if ('lte' in condition) return ((values[':s'] = condition.lte), `${name} <= :s`);
  if ('gt' in condition) return ((values[':s'] = condition.gt), `${name} > :s`);
  if ('gte' in condition) return ((values[':s'] = condition.gte), `${name} >= :s`);
  if ('between' in condition) {
    values[':s'] = condition.between[0];
    values[':t'] = condition.between[1];
    return `${name} BETWEEN :s AND :t`;
  }
  if ('beginsWith' in condition) return ((values[':s'] = condition.beginsWith), `begins_with(${name}, :s)`);
  throw new Error(
    `unknown sort condition ${JSON.stringify(condition)}: use eq, lt, lte, gt, gte, between or beginsWith`,
  );
}

/** A Table client on DynamoDB (document client): get/put/delete and paged queries. */
export function dynamoDbTableClient(binding: ResourceBinding): TableClient {
  const tableName = binding.name;
  const pk = binding.partitionKey!;
  const sk = binding.sortKey;
  const keyOf = (item: Item, what: string): Item => tableKeyOf(binding, item, what);
  // DynamoDB deletes expired items lazily (within days); hide them so every target agrees.
  const live = (item: Item | undefined): boolean => !!item && !isExpired(binding, item, Date.now() / 1000);

  return {
    async get(key) {
      const result = await documentClient().send(
        new GetCommand({ TableName: tableName, Key: keyOf(key, 'get') }),
      );
      return live(result.Item) ? (result.Item as Item) : undefined;
    },
    async put(item) {
      keyOf(item, 'put');
      await documentClient().send(new PutCommand({ TableName: tableName, Item: item }));
    },
    async delete(key) {
      await documentClient().send(new DeleteCommand({ TableName: tableName, Key: keyOf(key, 'delete') }));
    },
    async query(query: TableQuery): Promise<TablePage> {
      const limit = checkQuery(binding, query);
      const values: Record<string, unknown> = { ':p': query.partition };
      const names: Record<string, string> = { '#p': pk.name };
      let expression = '#p = :p';
      if (query.sort) {
        names['#s'] = sk!.name;
        expression += ` AND ${sortExpression('#s', query.sort, values)}`;
      }
      const items: Item[] = [];
      let start = query.cursor ? decodeCursor(query.cursor) : undefined;
      // Read one item past the page so the cursor is given only when more items exist.
      while (items.length <= limit) {
        const page = await documentClient().send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: expression,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ScanIndexForward: query.order !== 'desc',
            Limit: limit + 1 - items.length,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) if (live(item)) items.push(item);
        start = page.LastEvaluatedKey;
        if (!start) break;
      }
      if (items.length > limit) {
        const page = items.slice(0, limit);
        return { items: page, cursor: encodeCursor(keyOf(page[page.length - 1], 'query')) };
      }
      return { items };
    },
    async scan(scan: TableScan = {}): Promise<TablePage> {
      const limit = queryLimit(scan.limit);
      const items: Item[] = [];
      let start = scan.cursor ? decodeCursor(scan.cursor) : undefined;
      // As query: one item past the page, so a cursor means more items exist. DynamoDB resumes a
      // scan after any item's key, so the cursor is the key of the page's last item.
      while (items.length <= limit) {
        const page = await documentClient().send(
          new ScanCommand({
            TableName: tableName,
            Limit: limit + 1 - items.length,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) if (live(item)) items.push(item);
        start = page.LastEvaluatedKey;
        if (!start) break;
      }
      if (items.length > limit) {
        const page = items.slice(0, limit);
        return { items: page, cursor: encodeCursor(keyOf(page[page.length - 1], 'scan')) };
      }
      return { items };
    },
  };
}
