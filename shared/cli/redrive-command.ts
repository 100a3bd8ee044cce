import { readDeadLetters } from '../local/queue.ts';
import { redriveDeadLetters } from '../local/redrive.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import { redriveQueue } from '../storage/dead-letters.ts';
import { createSqsClient } from '../storage/messaging-clients.ts';
import type { CommandIo } from './extract-command.ts';

/**
 * `epm redrive`: moves dead letters back through the extract function — on AWS with SQS's move
 * task when a dead-letter queue ARN is given, else the local runtime's dead-letter file.
 */
export async function runRedrive(
  args: { dataDir: string; dlqArn?: string },
  io: CommandIo,
): Promise<number> {
  if (args.dlqArn) {
    const sqs = createSqsClient();
    const task = await redriveQueue(sqs, args.dlqArn);
    io.err(`epm: moving messages from ${args.dlqArn} back to its source queue (task ${task})`);
    sqs.destroy();
    return 0;
  }
  const runtime = await startLocalRuntime({ dataDir: args.dataDir });
  try {
    const moved = await redriveDeadLetters(runtime.queue, runtime.dlqPath);
    const left = (await readDeadLetters(runtime.dlqPath)).length;
    io.err(`epm: redrove ${moved} message(s); ${left} still dead-lettered`);
    return left === 0 ? 0 : 1;
  } finally {
    await runtime.stop();
  }
}
