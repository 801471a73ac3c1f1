// How long and how much the environment lets one client hold it: timeouts, connection and
// request caps, the router's parameter length. A slow or endless client is cut off instead of
// holding a socket (slow-loris), and the HTTP parser's own refusals are problem documents too.
import type { Socket } from 'node:net';
import { clientErrorProblem, problemDocument } from './problems.js';

export interface ServerLimits {
  /** The whole request (headers and body) must arrive within this; also bounds a package upload. */
  requestTimeoutMs: number;
  /** The headers must arrive within this (at most requestTimeoutMs). */
  headersTimeoutMs: number;
  /** A socket with no traffic at all is closed after this. */
  idleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  maxRequestsPerSocket: number;
  /** Open connections beyond this are refused by the listening socket. */
  maxConnections: number;
}

/*
 * 60 s for a whole request lets a 64 MiB package through at about 10 Mbit/s; slower links can
 * raise it. 512 connections are far more than a team's phones and CLIs hold open at once.
 */
export const defaultLimits: ServerLimits = {
  requestTimeoutMs: 60_000,
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerSocket: 1_000,
  maxConnections: 512,
};

/** Keys and ids are up to 200 characters, package names 214; percent-encoding triples a byte. */
export const maxParamLength = 1_000;

export function serverLimits(overrides: Partial<ServerLimits> = {}): ServerLimits {
  const limits = { ...defaultLimits, ...overrides };
  // Node refuses a headers timeout above the request timeout.
  return { ...limits, headersTimeoutMs: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) };
}

/** The fastify factory options that carry the limits. */
export function fastifyLimitOptions(limits: ServerLimits) {
  return {
    connectionTimeout: limits.idleTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    routerOptions: { maxParamLength },
    http: {
      headersTimeout: limits.headersTimeoutMs,
      // Node checks request timeouts only this often (30 s by default): a fraction of the timeout.
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.requestTimeoutMs / 4))),
    },
  };
}

/** Answers what the HTTP parser refused (timeout, oversized headers, bad HTTP) as problem+json. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const document = problemDocument(clientErrorProblem(error.code));
  const body = JSON.stringify(document);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${document.status} ${statusText[document.status] ?? 'Bad Request'}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

const statusText: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
