export interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

/** Reads Server-Sent Events from a response until `enough` says so (or the time is up). */
export async function readEvents(
  res: Response,
  enough: (events: SseEvent[]) => boolean,
  timeoutMs = 5000,
): Promise<SseEvent[]> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!enough(events) && Date.now() < deadline) {
      const next = await Promise.race([
        reader.read(),
        new Promise<undefined>((r) =>
          setTimeout(() => r(undefined), Math.max(0, deadline - Date.now())),
        ),
      ]);
      if (!next || next.done) break;
      buffer += decoder.decode(next.value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = block.split('\n').filter((line) => !line.startsWith(':'));
        if (fields.length === 0) continue;
        const value = (name: string) =>
          fields.filter((l) => l.startsWith(`${name}: `)).map((l) => l.slice(name.length + 2));
        events.push({
          event: value('event')[0] ?? 'message',
          id: value('id')[0],
          data: value('data').join('\n'),
        });
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return events;
}
