/** Where the CLI writes: results to stdout, progress and diagnostics to stderr. */
export interface Output {
  /** A result line (stdout). */
  print(text: string): void;
  /** Progress or a note (stderr), hidden by --quiet. */
  info(text: string): void;
  /** Detail shown with --verbose (stderr). */
  debug(text: string): void;
  /** An error message (stderr). */
  error(text: string): void;
}

export function createOutput(options: { quiet?: boolean; verbose?: boolean } = {}): Output {
  return {
    print: (text) => process.stdout.write(`${text}\n`),
    info: (text) => {
      if (!options.quiet) process.stderr.write(`${text}\n`);
    },
    debug: (text) => {
      if (options.verbose) process.stderr.write(`${text}\n`);
    },
    error: (text) => process.stderr.write(`${text}\n`),
  };
}
