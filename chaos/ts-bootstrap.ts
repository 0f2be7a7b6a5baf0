// Entry of a chaos child that runs TypeScript: `node ts-bootstrap.js <script.ts> <args…>` registers the
// TypeScript loader named by TIDEMARK_TS_REGISTER, then runs the script as if started directly. A .js
// entry keeps Node on the CommonJS loader even when ESM loader hooks are active (a test runner's).

/** Registers the loader and runs the script named in argv[2]. */
export function bootstrap(): void {
  const register = process.env.TIDEMARK_TS_REGISTER;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (register) require(register);
  const script = process.argv[2];
  process.argv.splice(1, 1); // argv[1] becomes the script, as with `node script.ts`
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(script);
}

if (require.main === module) bootstrap();
