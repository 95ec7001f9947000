/**
 * The canonical conversation model: types only, no logic, no imports from protocols. Every protocol
 * adapter parses into these and renders from them.
 */
export type * from './content-part.ts';
export type * from './message.ts';
export type * from './tool.ts';
export type * from './usage.ts';
export type * from './finish-reason.ts';
export type * from './request.ts';
export type * from './response.ts';
export type * from './stream-event.ts';
export type * from './error.ts';
