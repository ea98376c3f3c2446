// Goal: whatever a user gets wrong, the words they read come from the catalogue, in English and in
// Dutch: no schema text ("Too small: expected number…", "Invalid option"), no method name
// ("writeSettings: values.…"), no raw English in the Dutch UI. Method: every form's bad values
// (each settable field out of range, bad addresses, names, plan times, feed values, preferences,
// report titles), plus random junk for every API method, through the real dispatcher to a real
// StudioService whose one charger is the real simulator; each error is phrased by the renderer's
// one error handler in both languages and matched against the catalogue's templates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { settingsHandler, startFixtureServer } from '../support/fixture-charger';
import fc from 'fast-check';
import { settableFields, studioMethods, type StudioErrorData, type StudioMethodName } from '$shared/contract';
import { messageKeys, translate, type Locale, type MessageKey } from '$shared/i18n/messages';
import { dispatch } from '../../src-main/transport/dispatch';
import { errorMessage, fieldMessage } from '../../src-renderer/lib/services/errors';
import { bindLocale, systemLocale } from '../../src-renderer/lib/i18n/catalogue';
import { startSim, type SimProcess } from '../support/sim-process';
import { startService, testClient } from '../support/service';
import { figure } from '../../scripts/figures.mjs';

let sim: SimProcess;
let studio: Awaited<ReturnType<typeof startService>>;
let chargerId: string;
beforeAll(async () => {
  sim = await startSim(['--chargers', '1', '--paused', '--no-mdns']);
  studio = await startService();
  chargerId = (
    await studio.service.handlers.addCharger({ address: `127.0.0.1:${sim.chargers[0]!.port}` }, testClient)
  ).id;
}, 30_000);
afterAll(async () => {
  bindLocale(systemLocale);
  await studio.stop();
  await sim.stop();
});

/** Each catalogue text of a locale as a pattern: `{name}` stands for any filled-in value. */
function templates(locale: Locale, keys: MessageKey[]): RegExp[] {
  return keys.map(
    (key) =>
      new RegExp(
        `^${translate(locale, key)
          .split(/\{\w+\}/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.+')}$`,
        's',
      ),
  );
}
const schemaWords = /Too small|Too big|Invalid|expected|Unrecognized|received|NaN|undefined|\[object/;

async function errorOf(method: StudioMethodName, request: unknown): Promise<StudioErrorData | undefined> {
  const reply = await dispatch(studio.service.handlers, method, request, testClient);
  return reply.ok ? undefined : reply.error;
}

/** The form-shaped bad values: what a user can type into each of Studio's forms. */
function formCases(): [string, StudioMethodName, unknown][] {
  const cases: [string, StudioMethodName, unknown][] = [];
  for (const [field, row] of Object.entries(settableFields)) {
    const r = (row as { range?: { min: number; max: number } }).range;
    if (!r) continue;
    for (const value of [r.min - 1, r.max + 1, 1.5e9, -1e9])
      cases.push([
        `settings: ${field} = ${value}`,
        'writeSettings',
        { id: chargerId, values: { [field]: value } },
      ]);
    cases.push([`settings: ${field} = "12"`, 'writeSettings', { id: chargerId, values: { [field]: '12' } }]);
  }
  cases.push(['settings: mode = TURBO', 'writeSettings', { id: chargerId, values: { mode: 'TURBO' } }]);
  for (const address of [
    '',
    'ftp://1.2.3.4',
    'host/path',
    '[zz::1]',
    'a:b:c',
    'bad_host!',
    '1.2.3.4:http',
    '1.2.3.4:70000',
    'x'.repeat(400),
  ])
    cases.push([`add: "${address.slice(0, 20)}"`, 'addCharger', { address }]);
  cases.push(['add: nothing listens', 'addCharger', { address: '127.0.0.1:1' }]);
  cases.push(['rename: empty', 'renameCharger', { id: chargerId, name: '' }]);
  cases.push(['rename: too long', 'renameCharger', { id: chargerId, name: 'x'.repeat(5000) }]);
  cases.push(['rename: gone', 'renameCharger', { id: 'SmartEVSE-1', name: 'Garage' }]);
  for (const time of ['25:00', '7', '', '12:60'])
    cases.push([
      `plan: time ${time}`,
      'savePlan',
      { plan: { chargerId, days: [1], time, mode: 'SMART', enabled: true } },
    ]);
  cases.push([
    'plan: no days',
    'savePlan',
    { plan: { chargerId, days: [9], time: '07:00', mode: 'SMART', enabled: true } },
  ]);
  cases.push([
    'feed: interval 5 ms',
    'startFeed',
    { id: chargerId, mains: { l1Da: 1, l2Da: 1, l3Da: 1 }, intervalMs: 5 },
  ]);
  cases.push(['feed: both meters', 'startFeed', { id: chargerId, intervalMs: 5000 }]);
  cases.push([
    'feed: text currents',
    'feedCurrents',
    { id: chargerId, currents: { l1Da: 'a', l2Da: 1, l3Da: 1 } },
  ]);
  cases.push(['mqtt: port 70000', 'writeMqtt', { id: chargerId, mqtt: { host: 'broker', port: 70_000 } }]);
  cases.push([
    'colour: 300',
    'setColour',
    { id: chargerId, colour: { which: 'normal', r: 300, g: 0, b: 0 } },
  ]);
  cases.push(['language: klingon', 'setPreferences', { preferences: { language: 'tlh' } }]);
  cases.push(['report: title too long', 'commissioningReport', { targets: 'all', title: 'x'.repeat(5000) }]);
  cases.push(['profile: empty name', 'saveProfile', { profile: { name: '', values: {} } }]);
  cases.push(['profile: import junk', 'importProfile', { text: '{"nope": 1}', fileName: 'x.json' }]);
  return cases;
}

describe('error words', () => {
  it('every form’s bad values, and junk for every method, read as catalogue text in English and Dutch', async () => {
    const patterns = { en: templates('en', messageKeys), nl: templates('nl', messageKeys) };
    const errors: [string, StudioErrorData][] = [];
    for (const [name, method, request] of formCases()) {
      const error = await errorOf(method, request);
      expect(error, `${name} was accepted`).toBeDefined();
      errors.push([name, error!]);
    }
    const methods = Object.keys(studioMethods) as StudioMethodName[];
    const junk = fc.sample(fc.anything({ maxDepth: 2 }), { numRuns: 6, seed: 12 });
    for (const method of methods)
      for (const request of junk) {
        const error = await errorOf(method, request);
        if (error) errors.push([`${method}(${JSON.stringify(request)?.slice(0, 40)})`, error]);
      }
    let differ = 0;
    for (const [name, error] of errors) {
      const words: Record<Locale, string> = { en: '', nl: '' };
      for (const locale of ['en', 'nl'] as const) {
        bindLocale(() => locale);
        words[locale] = errorMessage(error);
        expect(words[locale], `${name} (${locale})`).not.toMatch(schemaWords);
        for (const method of methods)
          expect(words[locale], `${name} (${locale})`).not.toContain(`${method}:`);
        expect(
          patterns[locale].some((p) => p.test(words[locale])),
          `${name} (${locale}): "${words[locale]}" is not a catalogue text`,
        ).toBe(true);
      }
      if (words.en !== words.nl) differ += 1;
    }
    // Every message has its own Dutch words (the addresses and numbers in them are the same).
    expect(differ).toBe(errors.length);
    figure(
      'error words',
      `${errors.length} refusals (${formCases().length} from forms, the rest junk for ${methods.length} methods), each read in English and Dutch from the catalogue; schema text shown: 0`,
    );
  });

  it('a field the charger refused reads in the user’s language too', async () => {
    // The simulated charger's mains meter is not API: it ignores posted currents.
    const { fields } = await studio.service.handlers.feedCurrents(
      { id: chargerId, currents: { l1Da: 10, l2Da: 10, l3Da: 10 } },
      testClient,
    );
    const refused = fields.find((f) => f.status === 'refused')!;
    expect(refused).toMatchObject({ field: 'currents', key: 'fieldCurrentsIgnored' });
    bindLocale(() => 'en');
    expect(fieldMessage(refused)).toBe(refused.message);
    bindLocale(() => 'nl');
    expect(fieldMessage(refused)).toBe(translate('nl', 'fieldCurrentsIgnored'));
    expect(fieldMessage(refused)).not.toBe(refused.message);
  });

  it('a job’s results read in the user’s language: an offline charger and its fields not sent', async () => {
    const dingo = readFileSync(new URL('../fixtures/settings-dingo35.json', import.meta.url), 'utf8');
    const server = await startFixtureServer(settingsHandler(dingo));
    const { id } = await studio.service.handlers.addCharger({ address: server.address }, testClient);
    await server.close(); // the charger goes away before the job reaches it
    const job = await studio.service.fleet.startApply(
      { label: 'test', values: { stopTimerMin: 7 } },
      [id],
      1,
    );
    const [target] = (await studio.service.fleet.runner.whenDone(job.id)).targets;
    expect(target).toMatchObject({ status: 'offline', key: 'netRefused' });
    bindLocale(() => 'nl');
    expect(fieldMessage(target!)).toBe(translate('nl', 'netRefused', { where: server.address }));
    for (const field of target!.fields) {
      expect(field).toMatchObject({ status: 'not-sent', key: 'applyNotSentUnreachable' });
      expect(fieldMessage(field)).toBe('Niet verstuurd: de laadpaal was niet bereikbaar');
    }
    await studio.service.handlers.removeCharger({ id }, testClient);
  });
});
