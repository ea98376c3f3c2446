/**
 * Composition root: pick the transport (Electron preload or web mode), build the API, mount the UI.
 * The renderer never knows which one it got.
 */
import { mount } from 'svelte';
import { createStudioApi, type StudioApi } from '$shared/contract';
import { createWebTransport } from './lib/api/web-transport';
import Root from './Root.svelte';
import './styles.css';

declare global {
  interface Window {
    studio?: StudioApi;
  }
}

function resolveApi(): StudioApi {
  if (window.studio) return window.studio;
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  return createStudioApi(createWebTransport(token));
}

mount(Root, { target: document.getElementById('app')!, props: { api: resolveApi() } });
