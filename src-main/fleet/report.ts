/**
 * The commissioning report an installer hands the customer: per charger its identity, firmware,
 * network, settings and a plug-in check, with the installer's company and a signature block.
 * One self-contained HTML document (inline styles, images as data URLs) that prints to PDF.
 */
import {
  formatFieldValue,
  profileFields,
  profileValuesOf,
  fieldValue,
  type ChargerSettingsJson,
  type ChargerSnapshot,
  type Preferences,
} from '$shared/contract';
import { fieldLabelIn } from '$shared/i18n/field-labels';

export interface ReportCharger {
  chargerId: string;
  name: string;
  address: string;
  online: boolean;
  snapshot?: ChargerSnapshot;
  json?: ChargerSettingsJson;
  /** When an EV was last seen charging (state C) in Studio's samples, if ever. */
  chargingSeenMs?: number;
  problem?: string;
}

export interface ReportInput {
  title: string;
  createdMs: number;
  studioVersion: string;
  company: Preferences['company'];
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

function plugCheck(charger: ReportCharger): { passed: boolean; text: string } {
  if (charger.chargingSeenMs !== undefined)
    return {
      passed: true,
      text: `Passed: an EV was seen charging at ${new Date(charger.chargingSeenMs).toLocaleString()}`,
    };
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

function chargerSection(charger: ReportCharger): string {
  const s = charger.snapshot;
  const json = charger.json;
  const values = s ? profileValuesOf(s, json, { identity: true }) : {};
  const check = plugCheck(charger);
  const settings = profileFields
    .filter((field) => fieldValue(values, field) !== undefined)
    .map((field) => row(fieldLabel(field), formatFieldValue(field, fieldValue(values, field))))
    .join('');
  return `<section class="charger">
<h2>${escape(charger.name)}</h2>
${charger.online ? '' : `<p class="warn">Offline when the report was made${charger.problem ? `: ${escape(charger.problem)}` : ''}; values are the last ones read.</p>`}
<div class="cols">
<table><caption>Identity</caption>
${row('Serial number', s?.serial)}${row('Firmware', s?.version)}${row('Firmware line', s?.flavour)}
${row('Power-share role', s?.loadBl === undefined ? undefined : s.loadBl === 0 ? 'standalone' : s.loadBl === 1 ? 'master' : `node ${s.loadBl - 1}`)}
${row('Mains meter', s?.mainsMeter)}${row('EV meter', s?.evMeter)}
${row('Max current', s?.currentMaxA === undefined ? undefined : `${s.currentMaxA} A`)}${row('Max mains', s?.maxMainsA === undefined ? undefined : `${s.maxMainsA} A`)}
</table>
<table><caption>Network</caption>
${row('Address', charger.address)}${row('mDNS name', s?.serial ? `SmartEVSE-${s.serial}.local` : undefined)}
${row('Wi-Fi network', json?.wifi?.ssid)}${row('Wi-Fi signal', json?.wifi?.rssi === undefined ? undefined : `${json.wifi.rssi} dBm`)}
${row('MQTT', s?.mqttStatus)}
</table>
</div>
<table class="settings"><caption>Settings</caption>${settings || row('Settings', 'not read')}</table>
<p class="check ${check.passed ? 'pass' : 'fail'}"><strong>Plug-in test:</strong> ${escape(check.text)}</p>
</section>`;
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
.signatures{display:flex;gap:3rem;margin-top:3rem;break-inside:avoid}
.signatures div{flex:1}
.line{border-bottom:1px solid #111;height:2.5rem}
footer{margin-top:2rem;color:#555;font-size:9pt}
</style></head>
<body>
<header><div><h1>${escape(input.title)}</h1><p>${escape(company.name || '')}${company.name ? ' · ' : ''}${escape(created)}</p></div>${logo}</header>
<p>${input.chargers.length} ${input.chargers.length === 1 ? 'charger' : 'chargers'}. Values as read from each charger by SmartEVSE Studio ${escape(input.studioVersion)}. Secrets (MQTT password, OCPP key) are not shown.</p>
${input.chargers.map(chargerSection).join('\n')}
<section class="signatures" aria-label="Signatures">
<div><p>Installer${company.name ? ` (${escape(company.name)})` : ''}</p><p>Name:</p><div class="line"></div><p>Signature and date:</p><div class="line"></div></div>
<div><p>Customer</p><p>Name:</p><div class="line"></div><p>Signature and date:</p><div class="line"></div></div>
</section>
<footer>Made with SmartEVSE Studio ${escape(input.studioVersion)} on ${escape(created)}.</footer>
</body></html>
`;
}
