import { type SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { InfrastructureError } from '../errors.ts';

/** Starts SQS's own move of every dead-lettered message back to the queue it came from. */
export async function redriveQueue(sqs: SQSClient, deadLetterQueueArn: string): Promise<string> {
  try {
    const out = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: deadLetterQueueArn }));
    return out.TaskHandle ?? '';
  } catch (error) {
    throw new InfrastructureError(`StartMessageMoveTask ${deadLetterQueueArn}`, { cause: error });
  }
}
