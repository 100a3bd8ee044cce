/** A one-line progress bar on a terminal; a single final line when output is not a terminal. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  return (done: number, total: number, bytes: number) => {
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files, ${(bytes / 1024).toFixed(1)} KB`;
    if (stream.isTTY) {
      stream.write(`\r${line}${done === total ? '\n' : ''}`);
    } else if (done === total) {
      stream.write(`${line}\n`);
    }
  };
}
