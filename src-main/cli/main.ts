/** Entry of the `smartevse-studio` command. */
import { runCli } from './studio-cli';

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`smartevse-studio: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
