import { readDeadLetters } from '../local/queue.ts';
import { redriveDeadLetters } from '../local/redrive.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import type { CommandIo } from './extract-command.ts';

/** `epm redrive`: moves the local dead-letter queue back through the extract function. */
export async function runRedrive(args: { dataDir: string }, io: CommandIo): Promise<number> {
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
