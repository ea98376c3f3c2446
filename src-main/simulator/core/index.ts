/**
 * The simulator's control core: deterministic functions that update the state they are given (no
 * I/O, clock or randomness of their own; time is passed in by the caller).
 */
export * from './constants';
export * from './pwm';
export * from './evse';
export * from './group';
export * from './transitions';
export * from './state-machine';
export * from './balancing';
export * from './housekeeping';
