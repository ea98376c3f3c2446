/**
 * One simulated SmartEVSE as the network sees it: its control core (inside a site), plus what the
 * firmware keeps beside the core (LED colours, MQTT/OCPP settings, LCD PIN state, RFID, power history).
 */
import type { EvseCore } from '../core';
import type { Site, SiteMember } from '../runtime/site';
import type { UploadSession } from './updater';

export type DeviceFlavour = 'dingo35' | 'official' | 'legacy';
export type Rgb = { R: number; G: number; B: number };
export type ColourName = 'off' | 'normal' | 'smart' | 'solar' | 'custom';

export const firmwareVersions: Record<DeviceFlavour, string> = {
  dingo35: 'v3.11.1',
  official: 'v3.8.5',
  legacy: '21:02:46 @Jan  3 2024',
};

export const defaultColours = (): Record<ColourName, Rgb> => ({
  off: { R: 0, G: 0, B: 0 },
  normal: { R: 0, G: 255, B: 0 },
  smart: { R: 0, G: 255, B: 0 },
  solar: { R: 255, G: 170, B: 0 },
  custom: { R: 0, G: 0, B: 255 },
});

export interface MqttConfig {
  host: string;
  port: number;
  topicPrefix: string;
  username: string;
  password: string;
  tls: boolean;
  caCert: string;
  /** Bumped by every `mqtt_update=1`: the client reconnects with the settings (mqtt.md §1.1). */
  generation: number;
}

export interface OcppConfig {
  mode: number;
  backendUrl: string;
  cbId: string;
  authKey: string;
  autoAuth: number;
  autoAuthIdtag: string;
}

export interface Device {
  serial: number;
  flavour: DeviceFlavour;
  site: Site;
  member: SiteMember;
  timeZone: string;
  colours: Record<ColourName, Rgb>;
  mqtt: MqttConfig;
  /** CONNACK received and no disconnect since: `mqtt.status` Connected (mqtt.md §1.6). */
  mqttConnected: boolean;
  ocpp: OcppConfig;
  lcdPin: number;
  lcdPinVerified: boolean;
  rfidStatus: number;
  rfidLastRead: string;
  wifi: { ssid: string; rssi: number; bssid: string };
  /** 96 quarter-hour slots of the highest mains power seen (W). */
  powerDayW: number[];
  /** The server refuses new work while the device reboots. */
  rebootingUntilMs: number | undefined;
  /** The version it runs and reports (`firmwareVersions` until an upload replaces it). */
  firmwareVersion: string;
  /** A checked image's version, run from the next restart on. */
  pendingVersion?: string;
  /** An upload in progress (`/update`); lost at a restart. */
  upload?: UploadSession;
  /** Simulation only: wall-clock delay before each request is answered (a slow Wi-Fi link). */
  latencyMs: number;
  /** Simulation only: HTTP requests answered, by method (benchmarks count what clients send). */
  requests: { GET: number; POST: number; other: number };
}

export function deviceCore(device: Device): EvseCore {
  return device.member.evse;
}

export function createDeviceExtras(
  serial: number,
  flavour: DeviceFlavour,
): Omit<Device, 'site' | 'member' | 'timeZone'> {
  return {
    serial,
    flavour,
    colours: defaultColours(),
    mqtt: {
      host: '',
      port: 1883,
      topicPrefix: flavour === 'legacy' ? `SmartEVSE-${serial}` : `SmartEVSE/${serial}`,
      username: '',
      password: '',
      tls: false,
      caCert: '',
      generation: 0,
    },
    mqttConnected: false,
    ocpp: { mode: 0, backendUrl: '', cbId: '', authKey: '', autoAuth: 0, autoAuthIdtag: '' },
    lcdPin: 0,
    lcdPinVerified: false,
    latencyMs: 0,
    requests: { GET: 0, POST: 0, other: 0 },
    rfidStatus: 0,
    rfidLastRead: '',
    wifi: {
      ssid: 'studio-sim',
      rssi: -55 - (serial % 20),
      bssid: `02:53:45:${hex(serial >> 16)}:${hex(serial >> 8)}:${hex(serial)}`,
    },
    powerDayW: new Array<number>(96).fill(0),
    rebootingUntilMs: undefined,
    firmwareVersion: firmwareVersions[flavour],
  };
}

/** What a restart does beside the core: an installed image starts to run, an unfinished upload is lost. */
export function deviceRestarted(device: Device): void {
  if (device.pendingVersion !== undefined) device.firmwareVersion = device.pendingVersion;
  delete device.pendingVersion;
  delete device.upload;
}

function hex(n: number): string {
  return (n & 0xff).toString(16).toUpperCase().padStart(2, '0');
}
