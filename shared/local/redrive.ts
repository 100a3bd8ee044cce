import type { LocalQueue } from './queue.ts';
import { readDeadLetters, writeDeadLetters } from './queue.ts';
import {
  type LocalStreamPoller,
  readStreamDeadLetters,
  writeStreamDeadLetters,
} from './stream-poller.ts';

/**
 * Moves every dead-lettered message back onto the ingest queue, once, and waits until the queue
 * has worked through them. Messages that fail again go back to the dead-letter file.
 */
export async function redriveDeadLetters(queue: LocalQueue, dlqPath: string): Promise<number> {
  const letters = await readDeadLetters(dlqPath);
  await writeDeadLetters(dlqPath, []);
  for (const letter of letters) queue.send(letter.body);
  await queue.drained();
  return letters.length;
}

/**
 * Delivers every dead-lettered table stream record to the render function again, once. Records
 * that fail again go back to the dead-letter file.
 */
export async function redriveStreamDeadLetters(
  poller: Pick<LocalStreamPoller, 'redeliver'>,
  deadLetterPath: string,
): Promise<number> {
  const letters = await readStreamDeadLetters(deadLetterPath);
  await writeStreamDeadLetters(deadLetterPath, []);
  await poller.redeliver(letters);
  return letters.length;
}
