/** Progress lines on stderr, so stdout stays free for the summary. */
export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
