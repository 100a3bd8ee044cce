import { readDeadLetters } from '../local/queue.ts';
import { redriveDeadLetters, redriveStreamDeadLetters } from '../local/redrive.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import { readStreamDeadLetters } from '../local/stream-poller.ts';
import { redriveQueue } from '../storage/dead-letters.ts';
import { createSqsClient } from '../storage/messaging-clients.ts';
import type { CommandIo } from './extract-command.ts';
import { ensureNotServed } from './serve-state.ts';

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
  ensureNotServed(args.dataDir, 'redrive');
  const runtime = await startLocalRuntime({ dataDir: args.dataDir });
  try {
    const moved = await redriveDeadLetters(runtime.queue, runtime.dlqPath);
    await runtime.renders.drained();
    const records = await redriveStreamDeadLetters(runtime.poller, runtime.streamDlqPath);
    const left =
      (await readDeadLetters(runtime.dlqPath)).length +
      (await readStreamDeadLetters(runtime.streamDlqPath)).length;
    io.err(
      `epm: redrove ${moved} message(s) and ${records} stream record(s); ${left} still dead-lettered`,
    );
    return left === 0 ? 0 : 1;
  } finally {
    await runtime.stop();
  }
}
