// The only place that reads the wall clock; everything else is handed `now`.
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
