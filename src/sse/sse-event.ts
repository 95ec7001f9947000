/** One Server-Sent Event. `event` is absent for unnamed events (OpenAI Chat). */
export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}
