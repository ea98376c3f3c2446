/**
 * Runs the simulator as a separate process for Studio: starts it, reads its ready line, restarts
 * it with back-off when it dies, keeps the last lines of its log, and stops it on request.
 * How the process is launched is injected: a Node child in web mode, a utilityProcess in Electron.
 */
import { EventEmitter } from 'node:events';
import { simReadySchema, type SimCharger } from '$shared/contract';

/** The part of a child process (Node or Electron utilityProcess) the supervisor uses. */
export interface SimChild {
  pid?: number | undefined;
  stdout: NodeJS.ReadableStream | null;
  stderr: NodeJS.ReadableStream | null;
  kill(): boolean;
  onExit(listener: (code: number | null) => void): void;
}

export type SimLauncher = (args: string[]) => SimChild;

export interface SimSupervisorStatus {
  running: boolean;
  controlPort: number | undefined;
  /** The embedded MQTT broker's address, when the simulator was started with `--mqtt`. */
  mqttBroker: string | undefined;
  chargers: SimCharger[];
  restarts: number;
  lastExit: string | undefined;
  log: string[];
}

export interface SimSupervisorOptions {
  launch: SimLauncher;
  /** Back-off after a crash: first delay, doubled each time up to the maximum. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** A run this long counts as stable and resets the back-off. */
  stableAfterMs?: number;
  readyTimeoutMs?: number;
  logLines?: number;
}

export class SimSupervisor extends EventEmitter<{ ready: [SimCharger[]]; exit: [string]; log: [string] }> {
  private child: SimChild | undefined;
  private args: string[] = [];
  private wanted = false;
  private ready = false;
  private controlPort: number | undefined;
  private mqttBroker: string | undefined;
  private chargers: SimCharger[] = [];
  private restarts = 0;
  private delayMs: number;
  private lastExit: string | undefined;
  private readonly log: string[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private startedAt = 0;

  constructor(private readonly options: SimSupervisorOptions) {
    super();
    this.delayMs = options.restartDelayMs ?? 1000;
  }

  status(): SimSupervisorStatus {
    return {
      running: this.ready,
      controlPort: this.controlPort,
      mqttBroker: this.mqttBroker,
      chargers: [...this.chargers],
      restarts: this.restarts,
      lastExit: this.lastExit,
      log: [...this.log],
    };
  }

  private note(line: string): void {
    this.log.push(line);
    if (this.log.length > (this.options.logLines ?? 200)) this.log.shift();
    this.emit('log', line);
  }

  /** Starts the simulator and resolves with its chargers once it is ready. */
  start(args: string[]): Promise<SimCharger[]> {
    this.args = ['--ready-json', ...args];
    this.wanted = true;
    return this.spawn();
  }

  private spawn(): Promise<SimCharger[]> {
    this.ready = false;
    this.startedAt = Date.now();
    const child = this.options.launch(this.args);
    this.child = child;
    return new Promise((resolve, reject) => {
      let buffer = '';
      const timer = setTimeout(() => {
        reject(new Error('The simulator did not become ready in time'));
        child.kill();
      }, this.options.readyTimeoutMs ?? 15_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let newline;
        while ((newline = buffer.indexOf('\n')) !== -1) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (!this.ready && line.startsWith('{')) {
            const parsed = simReadySchema.safeParse(JSON.parse(line));
            if (parsed.success) {
              clearTimeout(timer);
              this.ready = true;
              this.controlPort = parsed.data.controlPort;
              this.mqttBroker = parsed.data.mqttBroker?.url;
              this.chargers = parsed.data.chargers;
              this.note(`ready: ${parsed.data.chargers.map((c) => `${c.name} ${c.url}`).join(', ')}`);
              this.emit('ready', this.chargers);
              resolve(this.chargers);
              continue;
            }
          }
          if (line) this.note(line);
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) if (line.trim()) this.note(`stderr: ${line.trim()}`);
      });
      child.onExit((code) => {
        clearTimeout(timer);
        if (this.child !== child) return;
        this.child = undefined;
        this.ready = false;
        this.controlPort = undefined;
        this.mqttBroker = undefined;
        this.lastExit = `exited with code ${code}`;
        this.note(`simulator ${this.lastExit}`);
        this.emit('exit', this.lastExit);
        reject(new Error(`The simulator ${this.lastExit}`));
        if (!this.wanted) return;
        if (Date.now() - this.startedAt >= (this.options.stableAfterMs ?? 60_000))
          this.delayMs = this.options.restartDelayMs ?? 1000;
        this.restarts += 1;
        const delay = this.delayMs;
        this.delayMs = Math.min(this.delayMs * 2, this.options.maxRestartDelayMs ?? 30_000);
        this.note(`restarting in ${delay} ms`);
        this.restartTimer = setTimeout(() => void this.spawn().catch(() => undefined), delay);
      });
    });
  }

  async stop(): Promise<void> {
    this.wanted = false;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      child.onExit(() => resolve());
      child.kill();
    });
    this.chargers = [];
  }
}
