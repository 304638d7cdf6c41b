/**
 * A minimal structured logger: one JSON object per line on stderr, so operators can pipe it into
 * whatever collects their logs. Levels below the configured one are a no-op function.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;
export type LogFn = (message: string, fields?: LogFields) => void;

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const noop: LogFn = () => {};

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const make = (name: LogLevel): LogFn =>
    RANK[name] < RANK[level]
      ? noop
      : (message, fields) => write(`${JSON.stringify({ time: new Date().toISOString(), level: name, message, ...fields })}\n`);
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error') };
}

export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
