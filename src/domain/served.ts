/** How a request was (or is being) served. */
export interface Served {
  backend: string;
  model: string;
  zone: 'internal' | 'external';
  mode: 'passthrough' | 'translate' | 'local';
  attempts: number;
}
