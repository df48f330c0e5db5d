/** Where the project's own files are, whether running from src/ (tests) or from the build in dist/. */
import { fileURLToPath } from 'node:url';

const fromBuild = import.meta.url.includes('/dist/src/');

export const projectRoot = fileURLToPath(new URL(fromBuild ? '../../' : '../', import.meta.url));
