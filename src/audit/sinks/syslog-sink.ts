/**
 * Streams audit events to a syslog collector: RFC 5424 messages over UDP (one per datagram) or TCP
 * (RFC 6587 octet counting, reconnecting with backoff). Asynchronous and bounded (see sink.ts).
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import type { SyslogSinkConfig } from '../../config/types.ts';
import type { Logger } from '../../log.ts';
import type { AuditEvent } from '../audit-event.ts';
import { dropReporter, eventSeverity, type AuditSink, type SinkStats } from './sink.ts';
import { formatSyslog, frameOctetCounted } from './syslog-format.ts';

export class SyslogSink implements AuditSink {
  readonly name = 'syslog';
  readonly #config: SyslogSinkConfig;
  readonly #log: Logger;
  readonly #dropped: (count: number, reason: string) => void;
  #queue: Buffer[] = [];
  #sent = 0;
  #dropCount = 0;
  #udp: UdpSocket | undefined;
  #udpInFlight = 0;
  #tcp: Socket | undefined;
  #connected = false;
  #retryMs = 500;
  #retryTimer: NodeJS.Timeout | undefined;
  #closed = false;
  #idle: Array<() => void> = [];

  constructor(config: SyslogSinkConfig, log: Logger) {
    this.#config = config;
    this.#log = log;
    this.#dropped = dropReporter(log, 'syslog');
  }

  send(event: AuditEvent, body: string): void {
    if (this.#closed) return;
    const message = formatSyslog({ facility: this.#config.facility, severity: eventSeverity(event), time: event.time, appName: this.#config.appName, msg: body });
    if (this.#queue.length >= this.#config.queueSize) {
      this.#drop(1, 'queue full');
      return;
    }
    this.#queue.push(message);
    this.#pump();
  }

  stats(): SinkStats {
    return { sent: this.#sent, dropped: this.#dropCount, queued: this.#queue.length + this.#udpInFlight };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    // Give queued messages a moment to leave, then cut.
    if (this.#queue.length > 0 || this.#udpInFlight > 0) {
      await Promise.race([new Promise<void>((r) => this.#idle.push(r)), new Promise<void>((r) => setTimeout(r, 2_000).unref())]);
    }
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    if (this.#queue.length > 0) this.#drop(this.#queue.length, 'closed before delivery');
    this.#queue = [];
    this.#udp?.close();
    if (this.#tcp) await new Promise<void>((r) => this.#tcp!.end(r));
  }

  #drop(count: number, reason: string): void {
    this.#dropCount += count;
    this.#dropped(count, reason);
  }

  #settle(): void {
    if (this.#queue.length === 0 && this.#udpInFlight === 0) for (const r of this.#idle.splice(0)) r();
  }

  #pump(): void {
    if (this.#config.protocol === 'udp') this.#pumpUdp();
    else this.#pumpTcp();
  }

  #pumpUdp(): void {
    if (!this.#udp) {
      this.#udp = createSocket(this.#config.host.includes(':') ? 'udp6' : 'udp4');
      this.#udp.on('error', (err) => this.#log.warn('audit syslog socket error', { error: err.message }));
      this.#udp.unref();
    }
    const udp = this.#udp;
    for (const message of this.#queue.splice(0)) {
      this.#udpInFlight++;
      udp.send(message, this.#config.port, this.#config.host, (err) => {
        this.#udpInFlight--;
        if (err) this.#drop(1, err.message);
        else this.#sent++;
        this.#settle();
      });
    }
  }

  #pumpTcp(): void {
    if (!this.#tcp) {
      this.#openTcp();
      return;
    }
    if (!this.#connected) return;
    const socket = this.#tcp;
    while (this.#queue.length > 0) {
      const message = this.#queue.shift()!;
      this.#sent++;
      if (!socket.write(frameOctetCounted(message))) {
        socket.once('drain', () => this.#pumpTcp());
        return;
      }
    }
    this.#settle();
  }

  #openTcp(): void {
    if (this.#closed || this.#retryTimer) return;
    const socket = connect({ host: this.#config.host, port: this.#config.port });
    this.#tcp = socket;
    socket.unref();
    socket.setKeepAlive(true, 30_000);
    socket.once('connect', () => {
      this.#connected = true;
      this.#retryMs = 500;
      this.#pumpTcp();
    });
    socket.on('error', (err) => this.#log.warn('audit syslog connection error', { host: this.#config.host, port: this.#config.port, error: err.message }));
    socket.once('close', () => {
      this.#connected = false;
      this.#tcp = undefined;
      if (this.#closed) return;
      // Reconnect with backoff while events wait.
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        if (this.#queue.length > 0) this.#openTcp();
      }, this.#retryMs);
      this.#retryTimer.unref();
      this.#retryMs = Math.min(this.#retryMs * 2, 30_000);
    });
  }
}
