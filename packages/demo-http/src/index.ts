export { HttpError, MAX_BODY_BYTES, intParam, readBytes, readJson, sendJson } from './json-http.js';
export { listen } from './listen.js';
export type { ListeningServer } from './listen.js';
