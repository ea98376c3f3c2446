/** The MQTT view of one charger: main holds the connection; the renderer asks for what it shows. */
import type { MqttSendRequest, StudioApi } from '$shared/contract';
import { attempt } from './result';

export const openMqtt = (api: StudioApi, id: string, password?: string, remember = false) =>
  attempt(() => api.mqttOpen(password === undefined ? { id } : { id, password, remember }));
export const mqttView = (api: StudioApi, id: string) => attempt(() => api.mqttView({ id }));
export const sendMqtt = (api: StudioApi, request: MqttSendRequest) => attempt(() => api.mqttSend(request));
export const closeMqtt = (api: StudioApi, id: string) => attempt(() => api.mqttClose({ id }));
export const forgetMqttPassword = (api: StudioApi, id: string) =>
  attempt(() => api.mqttForgetPassword({ id }));
export const integrationSnippets = (api: StudioApi, id: string) =>
  attempt(() => api.integrationSnippets({ id }));
