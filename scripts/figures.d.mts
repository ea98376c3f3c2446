export const figuresFile: string;
export function figure(topic: string, text: string): void;
