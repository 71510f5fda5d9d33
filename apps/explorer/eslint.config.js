// The repository's ESLint config, plus this app's build output and test artefacts.
import { globalIgnores } from 'eslint/config';
import root from '../../eslint.config.js';

export default [...root, globalIgnores(['dist-ui', 'test-results'])];
