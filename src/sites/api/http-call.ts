import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SlurmdeckError } from '../../core/errors.js';

export interface HttpCall {
  method: 'GET' | 'POST' | 'PATCH';
  url: URL;
  headers?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
  /** Certificate requests wait for a human to approve on a phone: minutes, not seconds. */
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  text: string;
}

const MAX_ANSWER_BYTES = 1 << 20;

/**
 * One HTTPS call with a timeout we choose (fetch's own header timeout would end a ten-minute
 * approval wait early). Plain http only to this machine, for a site API run locally.
 */
export function httpCall(call: HttpCall): Promise<HttpAnswer> {
  const { url } = call;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return Promise.reject(
      new SlurmdeckError('CONFIG_INVALID', `the site API ${url.origin} is not https`, {
        hint: 'Credentials go only over https: fix api.base in the site profile.',
      }),
    );
  }
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: call.method,
      headers: {
        accept: 'application/json, text/plain',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...call.headers,
      },
      timeout: call.timeoutMs,
      ...(call.signal ? { signal: call.signal } : {}),
    });
    req.on('timeout', () =>
      req.destroy(
        new SlurmdeckError(
          'TIMEOUT',
          `${url.origin}${url.pathname} did not answer in ${Math.round(call.timeoutMs / 1000)} s`,
          {
            hint: 'Check that the site API is reachable (VPN?) and try again.',
          },
        ),
      ),
    );
    req.on('error', (error) => {
      if (call.signal?.aborted) {
        reject(
          new SlurmdeckError('ABORTED', 'cancelled', { hint: 'Run the command again when ready.' }),
        );
      } else if (error instanceof SlurmdeckError) reject(error);
      else {
        reject(
          new SlurmdeckError('SSH_CONNECT_FAILED', `cannot reach ${url.origin}: ${error.message}`, {
            hint: 'Check the network (VPN off campus?) and the site API address in the profile.',
          }),
        );
      }
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.end(body);
  });
}
