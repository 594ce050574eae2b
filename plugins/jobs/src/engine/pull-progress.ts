import type { PullProgress } from '@orcaops/plugin-api';

/**
 * Turns an image pull's events into a fraction in (0, 1) that rises with every event, so that a job's progress is
 * pull in (0, 1), then steps 1..N. Clients (and the invoker's guard) drop a progress value that does not increase;
 * the engine's own events do not give one: a layer's bytes restart at extraction, new layers appear part-way, and
 * many events ("Waiting", "Digest") carry no numbers at all.
 */
export class PullProgressEstimate {
  private readonly layers = new Map<string, { done: boolean; fraction: number }>();
  private last = 0;

  /** The next value: the share of layers done (partly done ones by their bytes), or a small step above the last. */
  next(event: PullProgress): number {
    if (event.layer) this.track(event.layer, event);
    const estimate = this.layers.size === 0 ? 0 : [...this.layers.values()].reduce((sum, layer) => sum + (layer.done ? 1 : layer.fraction), 0) / this.layers.size;
    // Never reaches 1 (the first step's value): each step without new information closes 1% of the remaining gap.
    const capped = Math.min(estimate * 0.95, 0.95);
    this.last = capped > this.last ? capped : this.last + (1 - this.last) * 0.01;
    return this.last;
  }

  private track(id: string, event: PullProgress): void {
    const layer = this.layers.get(id) ?? { done: false, fraction: 0 };
    const status = event.status.toLowerCase();
    if (status.startsWith('pull complete') || status.startsWith('already exists')) layer.done = true;
    else if (status.startsWith('download complete')) layer.fraction = Math.max(layer.fraction, 0.5);
    else if (event.total && event.current !== undefined && event.total > 0) {
      // Downloading fills the first half of a layer, extracting the second.
      const share = Math.min(1, event.current / event.total) / 2;
      layer.fraction = Math.max(layer.fraction, status.startsWith('extracting') ? 0.5 + share : share);
    }
    this.layers.set(id, layer);
  }
}
