// The explorer app is the UI: its server is @iwa/explorer-server, which serves this folder.
export { ensureExplorerUi, UI_DIR } from './build-ui.ts';
