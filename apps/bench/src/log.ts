/** Progress lines on stderr (the bench's own output; lint bans console outside entry points). */
export function log(message: string): void {
  const t = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${t}] ${message}\n`);
}
