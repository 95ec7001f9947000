/**
 * Runs pipeline stages in order. Each stage is `(ctx, next)`: it may act before and after the rest of
 * the pipeline (audit wraps everything; error handling wraps what follows it) or stop the request by
 * not calling `next`. No registry, no hidden ordering: the array in `stages.ts` is the pipeline.
 */
export type Stage<C> = (ctx: C, next: () => Promise<void>) => Promise<void>;

export function compose<C>(stages: readonly Stage<C>[]): (ctx: C) => Promise<void> {
  return (ctx: C) => {
    let last = -1;
    const dispatch = (i: number): Promise<void> => {
      if (i <= last) return Promise.reject(new Error('next() called twice by one stage'));
      last = i;
      const stage = stages[i];
      if (!stage) return Promise.resolve();
      try {
        return stage(ctx, () => dispatch(i + 1));
      } catch (err) {
        return Promise.reject(err);
      }
    };
    return dispatch(0);
  };
}
