import * as z from './zod.ts';

/**
 * A DynamoDB stream record as Lambda delivers it. The item image stays in attribute-value form;
 * the storage layer turns it into a domain type.
 */
export const TableStreamRecordSchema = z.object({
  eventID: z.optional(z.string()),
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  dynamodb: z.object({
    /** Epoch seconds. */
    ApproximateCreationDateTime: z.optional(z.number()),
    NewImage: z.optional(z.record(z.string(), z.unknown())),
    SequenceNumber: z.optional(z.string()),
  }),
});
export type TableStreamRecord = z.infer<typeof TableStreamRecordSchema>;
