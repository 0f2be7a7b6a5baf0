// Side-effect import that makes format('nexmark') available: `import './connectors/nexmark/register'`.
import { registerSourceFormat } from '../registry';
import { registerNexmark } from './nexmark-source';

registerNexmark(registerSourceFormat);
