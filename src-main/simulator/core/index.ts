/** The simulator's control core: pure functions over explicit state, time passed in by the caller. */
export * from './constants';
export * from './pwm';
export * from './evse';
export * from './group';
export * from './transitions';
export * from './state-machine';
export * from './balancing';
export * from './housekeeping';
