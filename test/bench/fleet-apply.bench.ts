// Benchmark of fleet setup: a 10-setting profile applied to 100 simulated chargers that each answer
// 150 ms late, like an ESP32 on Wi-Fi (preview, then apply with the default concurrency of 4).
// Prints the wall time (target < 15 s) and the requests
// each charger answered, counted by the simulator (target: the settings' requests plus one read-back:
// one POST /settings for the nine settings, one POST /color_smart, one GET /settings).
import { tenSettingProfile } from '../support/profiles';
import { withFleet } from '../support/fleet-studio';

// 10 A: every simulated charger accepts it.
const profile = tenSettingProfile(100);

type Counts = { GET: number; POST: number };

export async function run(): Promise<string[]> {
  const chargers = 100;
  const latencyMs = 150;
  return withFleet(['--chargers', String(chargers)], async ({ sim, service, ctx }) => {
    for (const c of sim.chargers)
      await sim.control('POST', `/sim/chargers/${c.serial}/config`, { latencyMs: latencyMs });
    const counts = async (): Promise<Counts[]> =>
      Promise.all(
        sim.chargers.map(
          async (c) =>
            (await sim.control<{ requests: Counts }>('GET', `/sim/chargers/${c.serial}/internals`)).body
              .requests,
        ),
      );
    const saved = await service.handlers.saveProfile({ profile: { name: 'Bench', values: profile } }, ctx);
    const before = await counts();
    const previewStarted = performance.now();
    const preview = await service.handlers.previewApply(
      { source: { profileId: saved.id }, targets: 'all' },
      ctx,
    );
    const previewMs = performance.now() - previewStarted;
    const afterPreview = await counts();
    const started = performance.now();
    const job = await service.handlers.startApply({ source: { profileId: saved.id }, targets: 'all' }, ctx);
    const done = await service.fleet.runner.whenDone(job.id);
    const applyMs = performance.now() - started;
    const after = await counts();
    const per = (a: Counts[], b: Counts[]) => a.map((x, i) => b[i]!.GET - x.GET + (b[i]!.POST - x.POST));
    const applyRequests = per(afterPreview, after);
    const previewRequests = per(before, afterPreview);
    const applied = done.targets.filter((t) => t.status === 'applied').length;
    const willChange = preview[0]!.fields.filter((f) => f.status === 'will-change').length;
    const range = (xs: number[]) => `${Math.min(...xs)}–${Math.max(...xs)}`;
    return [
      `fleet apply: ${willChange}-setting profile to ${chargers} chargers answering ${latencyMs} ms late: ${applied} applied; apply ${(applyMs / 1000).toFixed(2)} s (target < 15 s; ratio ${(15_000 / applyMs).toFixed(1)}×), preview ${(previewMs / 1000).toFixed(2)} s`,
      `fleet apply: requests per charger answered by the simulator: apply ${range(applyRequests)} (target 3: POST /settings, POST /color_smart, one read-back), preview ${range(previewRequests)} (one GET each)`,
    ];
  });
}
