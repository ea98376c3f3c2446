/** Every user-visible string, in English and Dutch. Components look strings up here; none are inline. */
const en = {
  appTitle: 'SmartEVSE Studio',
  chargersHeading: 'Chargers',
  emptyTitle: 'No charger found on this network',
  emptyHelp: 'Add one by address, or start the simulator.',
  addHeading: 'Add a charger by address',
  addLabel: 'Address (host or host:port)',
  addPlaceholder: 'e.g. 192.168.1.40 or smartevse-1234.local',
  addButton: 'Add charger',
  adding: 'Contacting charger…',
  added: 'Added {name}.',
  remove: 'Remove',
  removeLabel: 'Remove {name} from the list',
  colName: 'Name',
  colSerial: 'Serial',
  colAddress: 'Address',
  colVersion: 'Firmware',
  colMode: 'Mode',
  colState: 'State',
  colStatus: 'Status',
  online: 'online',
  offline: 'offline',
  serialUnknown: 'not reported',
  errorTitle: 'Something went wrong',
  dismiss: 'Dismiss',
  shellWeb: 'web mode',
  shellElectron: 'desktop',
  startSimulator: 'Start the simulator',
  startingSimulator: 'Starting the simulator…',
  originSimulated: 'simulated',
  originManual: 'added by address',
  originDiscovered: 'found on the network',
  rescan: 'Rescan',
  rescanning: 'Rescanning…',
  colLastSeen: 'Last seen',
  justNow: 'just now',
  neverSeen: 'never',
} as const;

export type MessageKey = keyof typeof en;

const nl: Record<MessageKey, string> = {
  appTitle: 'SmartEVSE Studio',
  chargersHeading: 'Laadpalen',
  emptyTitle: 'Geen laadpaal gevonden op dit netwerk',
  emptyHelp: 'Voeg er een toe via het adres, of start de simulator.',
  addHeading: 'Laadpaal toevoegen via adres',
  addLabel: 'Adres (host of host:poort)',
  addPlaceholder: 'bijv. 192.168.1.40 of smartevse-1234.local',
  addButton: 'Laadpaal toevoegen',
  adding: 'Laadpaal wordt benaderd…',
  added: '{name} toegevoegd.',
  remove: 'Verwijderen',
  removeLabel: '{name} uit de lijst verwijderen',
  colName: 'Naam',
  colSerial: 'Serienummer',
  colAddress: 'Adres',
  colVersion: 'Firmware',
  colMode: 'Modus',
  colState: 'Status',
  colStatus: 'Verbinding',
  online: 'online',
  offline: 'offline',
  serialUnknown: 'niet gemeld',
  errorTitle: 'Er ging iets mis',
  dismiss: 'Sluiten',
  shellWeb: 'webmodus',
  shellElectron: 'desktop',
  startSimulator: 'Start de simulator',
  startingSimulator: 'Simulator wordt gestart…',
  originSimulated: 'gesimuleerd',
  originManual: 'toegevoegd via adres',
  originDiscovered: 'gevonden op het netwerk',
  rescan: 'Opnieuw zoeken',
  rescanning: 'Bezig met zoeken…',
  colLastSeen: 'Laatst gezien',
  justNow: 'zojuist',
  neverSeen: 'nooit',
};

const catalogues = { en, nl } as const;
export type Locale = keyof typeof catalogues;

export function pickLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (base === 'nl' || base === 'en') return base;
  }
  return 'en';
}

let locale: Locale = typeof navigator === 'undefined' ? 'en' : pickLocale(navigator.languages ?? []);

export function setLocale(next: Locale): void {
  locale = next;
}

export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const text: string = catalogues[locale][key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
