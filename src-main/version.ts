/** Studio's version, set by the build from package.json; "development" when run from the sources. */
declare const __STUDIO_VERSION__: string | undefined;

export const studioVersion: string =
  typeof __STUDIO_VERSION__ === 'string' ? __STUDIO_VERSION__ : 'development';
