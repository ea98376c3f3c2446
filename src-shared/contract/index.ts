/** The contract shared by main, preload, renderer and simulator: schemas, inferred types, errors. */
export * from './errors';
export * from './address';
export * from './charger-settings.schema';
export * from './studio-api';
export * from './studio-client';
export * from './simulator-control';
export * from './setting-fields';
export * from './write-rules';
export * from './charger-commands.schema';
export * from './plans.schema';
export * from './preferences.schema';
export * from './profile.schema';
export * from './backup.schema';
export * from './firmware.schema';
export * from './site.schema';
export * from './power-share';
export * from './pilot';
