/**
 * The commissioning report an installer hands the customer: per charger its identity, firmware,
 * network, settings and a plug-in check, with the installer's company and a signature block.
 * One self-contained HTML document (inline styles, images as data URLs) that prints to PDF.
 */
import {
  formatFieldValue,
  installerFields,
  installerValueWords,
  profileFields,
  profileValuesOf,
  fieldValue,
  type ChargerSettingsJson,
  type ChargerSnapshot,
  type DoctorFinding,
  type Preferences,
  type Site,
} from '$shared/contract';
import { fieldLabelIn } from '$shared/i18n/field-labels';
import { isMessageKey, translate } from '$shared/i18n/messages';

export interface ReportCharger {
  chargerId: string;
  name: string;
  address: string;
  online: boolean;
  snapshot?: ChargerSnapshot;
  json?: ChargerSettingsJson;
  /** A charger of the bundled simulator: marked so, never mistaken for installed hardware. */
  simulated: boolean;
  /** The last time Studio saw an EV charging (state C), with the phase currents it measured then. */
  chargingSeen?: ChargingSeen;
  problem?: string;
  /** The configuration doctor's findings on the settings read for the report. */
  findings?: DoctorFinding[];
}

export interface ChargingSeen {
  tMs: number;
  /** Per phase in dA: from the EV meter when there is one, else the mains meter (house load included). */
  currentsDa?: [number, number, number];
  source?: 'ev-meter' | 'mains-meter';
  chargeCurrentDa?: number;
}

export interface ReportInput {
  title: string;
  createdMs: number;
  studioVersion: string;
  company: Preferences['company'];
  site?: Site;
  chargers: ReportCharger[];
}

const escape = (text: string | number | boolean | null | undefined): string =>
  String(text ?? '—').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** A setting's name in the report (English, from the field table's catalogue keys). */
export function fieldLabel(field: string): string {
  return fieldLabelIn('en', field);
}

function row(label: string, value: string | number | undefined): string {
  return `<tr><th scope="row">${escape(label)}</th><td>${escape(value)}</td></tr>`;
}

const amps = (da: number) => `${(da / 10).toFixed(1)} A`;

function plugCheck(charger: ReportCharger): { passed: boolean; text: string } {
  const seen = charger.chargingSeen;
  if (seen) {
    const measured = seen.currentsDa
      ? `; measured L1 ${amps(seen.currentsDa[0])}, L2 ${amps(seen.currentsDa[1])}, L3 ${amps(seen.currentsDa[2])} (${seen.source === 'ev-meter' ? 'EV meter' : 'mains meter, house load included'})`
      : '; no meter measured the phase currents';
    const offered = seen.chargeCurrentDa !== undefined ? `, ${amps(seen.chargeCurrentDa)} offered` : '';
    return {
      passed: true,
      text: `${charger.simulated ? 'Passed with a simulated EV (no real car)' : 'Passed'}: an EV was seen charging at ${new Date(seen.tMs).toLocaleString()}${offered}${measured}`,
    };
  }
  if ((charger.snapshot?.evChargedWh ?? 0) > 0)
    return {
      passed: true,
      text: `Passed: the last session charged ${((charger.snapshot!.evChargedWh ?? 0) / 1000).toFixed(2)} kWh`,
    };
  return {
    passed: false,
    text: 'Not passed: no EV has been seen charging. Plug in an EV and let it charge briefly.',
  };
}

/** A setting's value; a colour with its swatch (the hex alone is hard to check against the LED). */
function settingCell(field: (typeof profileFields)[number], value: unknown): string {
  const words = escape(formatFieldValue(field, value));
  return field.startsWith('colours.')
    ? `<span class="swatch" style="background:${words}" aria-hidden="true"></span> ${words}`
    : words;
}

function chargerSection(charger: ReportCharger): string {
  const s = charger.snapshot;
  const json = charger.json;
  const values = s ? profileValuesOf(s, json, { identity: true }) : {};
  const check = plugCheck(charger);
  const settings = profileFields
    .filter((field) => fieldValue(values, field) !== undefined)
    .map(
      (field) =>
        `<tr><th scope="row">${escape(fieldLabel(field))}</th><td>${settingCell(field, fieldValue(values, field))}</td></tr>`,
    )
    .join('');
  const installer = s
    ? installerFields.map((field) => row(fieldLabel(field), installerValueWords(field, s, json))).join('')
    : '';
  return `<section class="charger">
<h2>${escape(charger.name)}${charger.simulated ? ' <span class="simulated">Simulated charger (not installed hardware)</span>' : ''}</h2>
${charger.online ? '' : `<p class="warn">Offline when the report was made${charger.problem ? `: ${escape(charger.problem)}` : ''}; values are the last ones read.</p>`}
<div class="cols">
<table><caption>Identity</caption>
${row('Serial number', s?.serial)}${row('Firmware', s?.version)}${row('Firmware line', s?.flavour)}
${row('Kind', charger.simulated ? 'Simulated (SmartEVSE Studio)' : 'SmartEVSE charger')}
</table>
<table><caption>Network</caption>
${row('Address', charger.address)}${row('mDNS name', s?.serial ? `SmartEVSE-${s.serial}.local` : undefined)}
${row('Wi-Fi network', json?.wifi?.ssid)}${row('Wi-Fi signal', json?.wifi?.rssi === undefined ? undefined : `${json.wifi.rssi} dBm`)}
${row('MQTT', s?.mqttStatus)}
</table>
</div>
<table class="settings"><caption>Installer settings (set on the charger’s menu)</caption>${installer || row('Installer settings', 'not read')}</table>
<table class="settings"><caption>Settings</caption>${settings || row('Settings', 'not read')}</table>
<p class="check ${check.passed ? 'pass' : 'fail'}"><strong>Plug-in test:</strong> ${escape(check.text)}</p>
${doctorBlock(charger)}
</section>`;
}

/** The configuration check: what to change, or that nothing was found. */
function doctorBlock(charger: ReportCharger): string {
  if (!charger.findings) return '';
  if (charger.findings.length === 0)
    return '<p class="check pass"><strong>Configuration check:</strong> none of the known traps applies.</p>';
  const items = charger.findings
    .map((f) => {
      const text = isMessageKey(f.key) ? translate('en', f.key, f.params) : f.key;
      const where = f.setting.where === 'lcd' ? 'on the charger’s menu' : 'in the settings';
      return `<li>${escape(text)} <em>Change ${escape(f.setting.name)} ${where}.</em></li>`;
    })
    .join('');
  return `<div class="check fail"><strong>Configuration check:</strong><ul>${items}</ul></div>`;
}

function siteSection(site: Site | undefined): string {
  if (!site) return '';
  return `<section class="site" aria-label="Site">
<table><caption>Site</caption>
${row('Site', site.name)}${row('Customer', site.customer || undefined)}
<tr><th scope="row">Address</th><td class="multiline">${escape(site.address || undefined)}</td></tr>
</table>
${site.notes ? `<p class="notes multiline"><strong>Notes:</strong> ${escape(site.notes)}</p>` : ''}
</section>`;
}

function simulatedNote(chargers: ReportCharger[]): string {
  const simulated = chargers.filter((c) => c.simulated).length;
  if (simulated === 0) return '';
  return simulated === chargers.length ? ', all simulated' : `, ${simulated} of them simulated`;
}

export function commissioningReportHtml(input: ReportInput): string {
  const company = input.company;
  const logo = company.logoDataUrl
    ? `<img class="logo" src="${escape(company.logoDataUrl)}" alt="${escape(company.name || 'Company logo')}">`
    : '';
  const created = new Date(input.createdMs).toLocaleString();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${escape(input.title)}</title>
<style>
body{font:11pt/1.4 system-ui,sans-serif;color:#111;margin:2rem}
header{display:flex;justify-content:space-between;align-items:center;border-bottom:2px solid #0b6e4f;padding-bottom:.5rem}
.logo{max-height:60px;max-width:200px}
h1{font-size:1.5rem;margin:0}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #ccc}
.cols{display:flex;gap:2rem;flex-wrap:wrap}
table{border-collapse:collapse;margin:.5rem 0}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{text-align:left;padding:.15rem .75rem .15rem 0;vertical-align:top}
th{font-weight:normal;color:#444}
.check.pass{color:#0b6e4f}.check.fail,.warn{color:#a4000f}
.charger{break-inside:avoid}
.swatch{display:inline-block;width:1em;height:1em;border:1px solid #555;vertical-align:middle}
.simulated{font-size:.8rem;font-weight:600;color:#fff;background:#7a3e00;padding:.1rem .4rem;border-radius:.2rem;vertical-align:middle}
.multiline{white-space:pre-wrap}
.signatures{display:flex;gap:3rem;margin-top:3rem;break-inside:avoid}
.signatures div{flex:1}
.line{border-bottom:1px solid #111;height:2.5rem}
footer{margin-top:2rem;color:#555;font-size:9pt}
</style></head>
<body>
<header><div><h1>${escape(input.title)}</h1><p>${escape(company.name || '')}${company.name ? ' · ' : ''}${escape(created)}</p></div>${logo}</header>
${siteSection(input.site)}
<p>${input.chargers.length} ${input.chargers.length === 1 ? 'charger' : 'chargers'}${simulatedNote(input.chargers)}. Values as read from each charger by SmartEVSE Studio ${escape(input.studioVersion)}. Secrets (MQTT password, OCPP key) are not shown.</p>
${input.chargers.map(chargerSection).join('\n')}
<section class="signatures" aria-label="Signatures">
<div><p>Installer${company.name ? ` (${escape(company.name)})` : ''}</p><p>Name:</p><div class="line"></div><p>Signature and date:</p><div class="line"></div></div>
<div><p>Customer${input.site?.customer ? ` (${escape(input.site.customer)})` : ''}</p><p>Name:</p><div class="line"></div><p>Signature and date:</p><div class="line"></div></div>
</section>
<footer>Made with SmartEVSE Studio ${escape(input.studioVersion)} on ${escape(created)}.</footer>
</body></html>
`;
}
