import type { Output } from './output.ts';
import type { ExitCode } from './exit-codes.ts';

/** What every command gets: where to write, and a way to set the exit code without throwing. */
export interface CommandContext {
  out: Output;
  setExitCode(code: ExitCode): void;
}
