// Worker threads do not inherit the tsx loader of the main thread: register it, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./map-worker.ts');
export default worker.default;
export const encodeSeries = worker.encodeSeries;
