import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FINAL_REPORTS_PREFIX } from '../../shared/pipeline/final-report.ts';
import {
  INBOX_PREFIX,
  READ_TEXT_PREFIX,
  RECORDS_PREFIX,
} from '../../shared/storage/table-definition.ts';
import {
  actionsOn,
  allows,
  logicalId,
  type Permission,
  permissionsOf,
  synthTemplate,
} from '../helpers/infra.ts';

let template: Template;
let extract: Permission[];
let render: Permission[];
let query: Permission[];
const ids = { inbox: '', outbox: '', table: '', inboxKey: '', outboxKey: '', topic: '' };

beforeAll(() => {
  template = synthTemplate();
  extract = permissionsOf(template, 'extract');
  render = permissionsOf(template, 'render');
  query = permissionsOf(template, 'query');
  Object.assign(ids, {
    inbox: logicalId(template, 'AWS::S3::Bucket', 'inbox'),
    outbox: logicalId(template, 'AWS::S3::Bucket', 'outbox'),
    table: logicalId(template, 'AWS::DynamoDB::Table', 'table'),
    inboxKey: logicalId(template, 'AWS::KMS::Key', 'inbox-key'),
    outboxKey: logicalId(template, 'AWS::KMS::Key', 'outbox-key'),
    topic: logicalId(template, 'AWS::SNS::Topic', 'report-ready'),
  });
});

const upload = () => `${ids.inbox}.Arn/${INBOX_PREFIX}2024/report.txt`;
const record = () => `${ids.inbox}.Arn/${RECORDS_PREFIX}0a1b.json`;
const pdf = () => `${ids.outbox}.Arn/${FINAL_REPORTS_PREFIX}authority/A1/0a1b.fi.pdf`;
const table = () => `${ids.table}.Arn`;

describe('function permissions', () => {
  it('grant no wildcard service access to any function', () => {
    for (const permissions of [extract, render, query]) {
      const actions = permissions.flatMap((p) => p.actions);
      expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
    }
  });
});

describe('extract permissions', () => {
  it('reads and tags uploads, writes oversized records and the table', () => {
    expect(allows(extract, 's3:GetObject', upload())).toBe(true);
    expect(allows(extract, 's3:GetObjectVersion', upload())).toBe(true);
    expect(allows(extract, 's3:PutObjectVersionTagging', upload())).toBe(true);
    expect(allows(extract, 's3:PutObject', record())).toBe(true);
    expect(allows(extract, 'kms:Decrypt', `${ids.inboxKey}.Arn`)).toBe(true);
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']) {
      expect(allows(extract, action, table())).toBe(true);
    }
  });

  it('cannot overwrite uploads', () => {
    expect(allows(extract, 's3:PutObject', upload())).toBe(false);
    expect(allows(extract, 's3:DeleteObject', upload())).toBe(false);
  });

  it('cannot touch the outbox or its key', () => {
    expect(actionsOn(extract, ids.outbox)).toEqual([]);
    expect(actionsOn(extract, ids.outboxKey)).toEqual([]);
    expect(allows(extract, 's3:GetObject', pdf())).toBe(false);
  });
});

describe('render permissions', () => {
  it('reads the table and oversized records, updates reports, writes PDFs, publishes', () => {
    expect(allows(render, 'dynamodb:GetItem', table())).toBe(true);
    expect(allows(render, 'dynamodb:UpdateItem', table())).toBe(true);
    expect(allows(render, 's3:GetObject', record())).toBe(true);
    expect(allows(render, 's3:PutObject', pdf())).toBe(true);
    expect(allows(render, 'sns:Publish', ids.topic)).toBe(true);
  });

  it('cannot read uploads, list the inbox or write to it', () => {
    expect(actionsOn(render, ids.inbox)).toEqual(['s3:GetObject']);
    expect(
      render
        .filter((p) => p.resources.some((r) => r.startsWith(ids.inbox)))
        .flatMap((p) => p.resources),
    ).toEqual([`${ids.inbox}.Arn/${RECORDS_PREFIX}*`]);
    expect(allows(render, 's3:GetObject', upload())).toBe(false);
    expect(allows(render, 's3:ListBucket', `${ids.inbox}.Arn`)).toBe(false);
  });

  it('cannot delete table items or batch-write', () => {
    expect(allows(render, 'dynamodb:DeleteItem', table())).toBe(false);
    expect(allows(render, 'dynamodb:BatchWriteItem', table())).toBe(false);
  });
});

describe('query permissions', () => {
  it('reads the table and its indexes', () => {
    expect(allows(query, 'dynamodb:Query', table())).toBe(true);
    expect(allows(query, 'dynamodb:Query', `${table()}/index/GSI1`)).toBe(true);
  });

  it('writes reviews (put and update items), and never deletes or batch-writes', () => {
    expect(allows(query, 'dynamodb:PutItem', table())).toBe(true);
    expect(allows(query, 'dynamodb:UpdateItem', table())).toBe(true);
    expect(allows(query, 'dynamodb:DeleteItem', table())).toBe(false);
    expect(allows(query, 'dynamodb:BatchWriteItem', table())).toBe(false);
  });

  it('presigns PDF downloads and uploads, reads what the review screen shows, nothing more', () => {
    expect(allows(query, 's3:GetObject', pdf())).toBe(true);
    expect(allows(query, 's3:PutObject', upload())).toBe(true);
    expect(allows(query, 's3:GetObject', upload())).toBe(true);
    expect(allows(query, 's3:GetObject', record())).toBe(true);
    expect(allows(query, 's3:GetObject', `${ids.inbox}.Arn/${READ_TEXT_PREFIX}0a1b.txt`)).toBe(
      true,
    );
    expect(allows(query, 's3:PutObject', record())).toBe(false);
    expect(allows(query, 's3:PutObject', pdf())).toBe(false);
    expect(allows(query, 's3:DeleteObject', pdf())).toBe(false);
    expect(allows(query, 's3:DeleteObject', upload())).toBe(false);
  });

  it('cannot publish or send messages', () => {
    expect(query.flatMap((p) => p.actions).filter((a) => /^(sns|sqs):/.test(a))).toEqual([]);
  });
});
