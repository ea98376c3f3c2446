/**
 * A running job's progress comes as events; while it runs, also ask main for it every 2 s, so a
 * moment without the event socket (it reconnects after a drop) cannot leave a view showing an old
 * state. Returns the effect's clean-up.
 */
import type { Result } from './result';

export function pollWhileRunning<J extends { id: string; state: string }>(
  job: J | undefined,
  fetch: (id: string) => Promise<Result<J>>,
  update: (job: J) => void,
): (() => void) | undefined {
  if (!job || job.state !== 'running') return undefined;
  const timer = setInterval(() => {
    void fetch(job.id).then((now) => {
      if (now.ok) update(now.value);
    });
  }, 2000);
  return () => clearInterval(timer);
}
