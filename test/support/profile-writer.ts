/**
 * A process that saves one profile again and again (a new version each time) until it is killed;
 * prints each version once it is saved. Used to kill Studio's storage in the middle of a write.
 */
import { ProfileStore } from '../../src-main/fleet/profile.store';

const dir = process.argv[2]!;
const store = new ProfileStore(dir);
await store.load();
let profile = store.list()[0] ?? (await store.save({ name: 'Crash test', values: { currentMinA: 6 } }));
for (;;) {
  profile = await store.save({
    id: profile.id,
    name: 'Crash test',
    // A large note makes each write take long enough to be interrupted.
    notes: 'x'.repeat(1500),
    values: { currentMinA: 6 + (profile.version % 10), solarStartCurrentA: profile.version % 48 },
  });
  process.stdout.write(`${profile.version}\n`);
}
