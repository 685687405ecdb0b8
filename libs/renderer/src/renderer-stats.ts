/** Pages printed, browsers launched, heads loaded and bodies swapped in, for health and tests. */
export interface RendererStats {
  rendered: number;
  /** Whole documents rendered (a document is one or more prints). */
  documents: number;
  queueTimeouts: number;
  launches: number;
  crashes: number;
  timeouts: number;
  refusedRequests: number;
  headLoads: number;
  bodySwaps: number;
}

export const emptyStats = (): RendererStats => ({
  rendered: 0,
  documents: 0,
  queueTimeouts: 0,
  launches: 0,
  crashes: 0,
  timeouts: 0,
  refusedRequests: 0,
  headLoads: 0,
  bodySwaps: 0,
});
