// The injected logger: library code never writes to the console directly.
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** The default: silent. Pass your own through `Session.builder().logger(l)`. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
