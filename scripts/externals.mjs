// Which packages esbuild leaves to node_modules at run time: the production dependencies (they
// ship in the installer) and Electron, except those it must bundle: the ESM build of jsonc-parser
// uses extensionless imports that Node cannot load. A devDependency main imports is bundled, so it
// cannot build here and then be missing from the installer.
import { readFileSync } from 'node:fs';

const bundled = ['jsonc-parser'];
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export const externalPackages = [...Object.keys(pkg.dependencies), 'electron']
  .filter((name) => !bundled.includes(name))
  .flatMap((name) => [name, `${name}/*`]);
