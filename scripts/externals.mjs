// Which packages esbuild leaves to node_modules at run time (all of them), except those it must
// bundle: the ESM build of jsonc-parser uses extensionless imports that Node cannot load.
import { readFileSync } from 'node:fs';

const bundled = ['jsonc-parser'];
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export const externalPackages = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  .filter((name) => !bundled.includes(name))
  .flatMap((name) => [name, `${name}/*`]);
