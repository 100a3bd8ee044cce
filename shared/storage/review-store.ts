import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { InfrastructureError } from '../errors.ts';
import type { Review, ReviewEvent } from '../review/overlay.ts';
import { compositeKey, indexPart, keyPart } from './keys.ts';
import type { AuditEvent } from './report-store.ts';

/**
 * A report version's review, kept beside it under the version's partition: one state item
 * (`REVIEW`, the overlay and the next sequence number) and one item per action
 * (`REVIEW#<seq>`), so the whole history stays in order. The record item is never touched,
 * except to ask for its final report again when the version is approved or reopened.
 */

const reportPk = (sha256: string) => `REPORT#${keyPart(sha256)}`;
const STATE_SK = 'REVIEW';
const eventSk = (seq: number) => `REVIEW#${indexPart(seq)}`;
const auditPk = (subject: string) => `AUDIT#${keyPart(subject)}`;

export interface StoredReview {
  review: Review;
  /** The number the next action gets: the count of actions so far. */
  nextSeq: number;
}

/** Another action was written first; the caller reads the review again and retries. */
export class ReviewConflictError extends Error {
  readonly statusCode = 409;

  constructor(sha256: string) {
    super(`The review of report version ${sha256} changed meanwhile; read it again and retry`);
    this.name = 'ReviewConflictError';
  }
}

function wrap<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  return fn().catch((error: unknown) => {
    if (error instanceof ConditionalCheckFailedException) throw error;
    if (error instanceof TransactionCanceledException) throw error;
    throw new InfrastructureError(operation, { cause: error });
  });
}

export async function getReviewState(
  ddb: DynamoDBClient,
  table: string,
  sha256: string,
): Promise<StoredReview | undefined> {
  const out = await wrap('GetItem review', () =>
    ddb.send(
      new GetItemCommand({
        TableName: table,
        Key: marshall({ PK: reportPk(sha256), SK: STATE_SK }),
        ConsistentRead: true,
      }),
    ),
  );
  if (!out.Item) return undefined;
  const item = unmarshall(out.Item);
  return {
    review: {
      status: item.status,
      ...(item.approvedBy ? { approvedBy: String(item.approvedBy) } : {}),
      ...(item.approvedAt ? { approvedAt: String(item.approvedAt) } : {}),
      fields: (item.fields ?? {}) as Review['fields'],
    },
    nextSeq: Number(item.nextSeq),
  };
}

/** Every action on a version's review, in the order they were taken. */
export async function listReviewEvents(
  ddb: DynamoDBClient,
  table: string,
  sha256: string,
): Promise<ReviewEvent[]> {
  const events: ReviewEvent[] = [];
  let start: QueryCommandInput['ExclusiveStartKey'];
  do {
    const out = await wrap('Query review events', () =>
      ddb.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: marshall({ ':pk': reportPk(sha256), ':prefix': 'REVIEW#' }),
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      ),
    );
    for (const raw of out.Items ?? []) {
      const { PK: _p, SK: _s, type: _t, sha256: _h, ...event } = unmarshall(raw);
      events.push(event as ReviewEvent);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return events.sort((a, b) => a.seq - b.seq);
}

/**
 * Writes one review action in one transaction: the action item, the new overlay (only if no
 * other action was written since `expectedSeq`), the audit event, and, on approval or reopening,
 * a mark on the report item that has its final report rendered again.
 */
export async function putReviewAction(
  ddb: DynamoDBClient,
  table: string,
  input: {
    sha256: string;
    expectedSeq: number;
    event: ReviewEvent;
    review: Review;
    audit: AuditEvent;
    rerender: boolean;
  },
): Promise<void> {
  const { sha256, event, review, audit } = input;
  const pk = reportPk(sha256);
  const actions: TransactWriteItem[] = [
    {
      Put: {
        TableName: table,
        Item: marshall(
          { PK: pk, SK: eventSk(event.seq), type: 'review-event', sha256, ...event },
          { removeUndefinedValues: true },
        ),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Put: {
        TableName: table,
        Item: marshall(
          {
            PK: pk,
            SK: STATE_SK,
            type: 'review',
            sha256,
            nextSeq: event.seq + 1,
            updatedAt: event.at,
            ...review,
          },
          { removeUndefinedValues: true },
        ),
        ConditionExpression:
          input.expectedSeq === 0 ? 'attribute_not_exists(PK)' : 'nextSeq = :expected',
        ...(input.expectedSeq === 0
          ? {}
          : { ExpressionAttributeValues: marshall({ ':expected': input.expectedSeq }) }),
      },
    },
    {
      Put: {
        TableName: table,
        Item: marshall(
          {
            PK: auditPk(audit.subject),
            SK: compositeKey(audit.at, audit.action, audit.sha256?.slice(0, 16) ?? '-'),
            type: 'audit',
            ...audit,
          },
          { removeUndefinedValues: true },
        ),
      },
    },
  ];
  if (input.rerender) {
    actions.push({
      Update: {
        TableName: table,
        Key: marshall({ PK: pk, SK: 'REPORT' }),
        UpdateExpression: 'SET reviewedAt = :at REMOVE finalReports',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: marshall({ ':at': event.at }),
      },
    });
  }
  try {
    await wrap('TransactWriteItems review', () =>
      ddb.send(new TransactWriteItemsCommand({ TransactItems: actions })),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw new ReviewConflictError(sha256);
    throw error;
  }
}
