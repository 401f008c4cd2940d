import pc from 'picocolors';
import { ValidationError } from 'anycloud';
import { UsageError } from './load-app';

/** Prints a user error readably (no stack trace) and returns the exit code; rethrows anything else. */
export function reportError(
  error: unknown,
  write: (text: string) => void = (t) => process.stderr.write(t),
): number {
  if (error instanceof ValidationError || (error as Error)?.name === 'ValidationError') {
    const issues = (error as ValidationError).issues;
    write(`${pc.red(pc.bold(`✖ ${issues.length} validation error${issues.length === 1 ? '' : 's'}`))}\n`);
    for (const issue of issues)
      write(`  ${pc.bold(issue.path)}  ${issue.message}  ${pc.dim(`[${issue.rule}]`)}\n`);
    return 1;
  }
  if (error instanceof UsageError || (error as Error)?.name === 'UsageError') {
    write(`${pc.red('✖')} ${(error as Error).message}\n`);
    return 1;
  }
  throw error;
}
