// The API's types, owned by the server package; the UI imports them from here.
export type * from '@iwa/explorer-server/api-types';
