/** The report table's keys and indexes: one definition for the CDK stack and the local runtime. */
export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
  indexes: [
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  ],
} as const;

export type IndexName = (typeof TABLE_KEYS.indexes)[number]['name'];

/** Local buckets and the prefix whose uploads start the pipeline. */
export const INBOX_PREFIX = 'incoming/';
/** Where records too large for one DynamoDB item are kept, in the inbox bucket. */
export const RECORDS_PREFIX = 'records/';
/** The read text of a document in a format other than text, by sha256: what provenance lines cite. */
export const READ_TEXT_PREFIX = 'read-text/';
/** DynamoDB's item limit is 400 KB; records above this go to S3 with a pointer. */
export const MAX_INLINE_RECORD_BYTES = 350 * 1024;
/** Receives of one message before it goes to the dead-letter queue. */
export const MAX_RECEIVES = 5;

/** A CreateTable request for the local runtime and tests, built from `TABLE_KEYS`. */
export function createTableInput(tableName: string) {
  const attributes = [
    TABLE_KEYS.partitionKey,
    TABLE_KEYS.sortKey,
    ...TABLE_KEYS.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributes.map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE_KEYS.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
