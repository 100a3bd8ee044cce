import * as z from 'zod';

/**
 * A DynamoDB stream record as Lambda delivers it. The item image stays in attribute-value form;
 * the storage layer turns it into a domain type.
 */
export const TableStreamRecordSchema = z.object({
  eventID: z.string().optional(),
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  dynamodb: z.object({
    /** Epoch seconds. */
    ApproximateCreationDateTime: z.number().optional(),
    NewImage: z.record(z.string(), z.unknown()).optional(),
    SequenceNumber: z.string().optional(),
  }),
});
export type TableStreamRecord = z.infer<typeof TableStreamRecordSchema>;
