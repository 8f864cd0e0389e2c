/** Protobuf wire types. */
export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;
export const FIXED32 = 5;

export class ProtoError extends Error {
  override readonly name = 'ProtoError';
}

/**
 * Reads protobuf fields in place over a byte range, allocating nothing: just the few messages
 * of an event file are decoded by hand, so no generated code or schema library is needed.
 */
export class ProtoReader {
  readonly bytes: Buffer;
  readonly view: DataView;
  pos: number;
  end: number;

  constructor(bytes: Buffer, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
  }

  more(): boolean {
    return this.pos < this.end;
  }

  /** The next key: field number * 8 + wire type. */
  key(): number {
    return this.varint();
  }

  /** A varint as a number: exact up to 2^53, which covers any step or length in practice. */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoError('varint runs past the end of the message');
      const byte = this.bytes[this.pos++] as number;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw new ProtoError('varint longer than 10 bytes');
  }

  /** An int64 varint: a negative value arrives as a 10-byte two's complement. */
  int64(): number {
    const start = this.pos;
    const value = this.varint();
    if (value < 2 ** 49) return value;
    // Past 7 bytes a double cannot hold every bit: decode exactly, then as signed.
    let exact = 0n;
    for (let i = this.pos - 1; i >= start; i--) {
      exact = (exact << 7n) | BigInt((this.bytes[i] as number) & 0x7f);
    }
    return Number(BigInt.asIntN(64, exact));
  }

  double(): number {
    this.#need(8);
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  float(): number {
    this.#need(4);
    const value = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return value;
  }

  /** A length-delimited field: its end; its first byte is at `pos` on return. */
  delimited(): number {
    const length = this.varint();
    this.#need(length);
    return this.pos + length;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case VARINT:
        this.varint();
        return;
      case FIXED64:
        this.#need(8);
        this.pos += 8;
        return;
      case LENGTH_DELIMITED:
        this.pos = this.delimited();
        return;
      case FIXED32:
        this.#need(4);
        this.pos += 4;
        return;
      default:
        throw new ProtoError(`unsupported wire type ${wireType}`);
    }
  }

  #need(bytes: number): void {
    if (this.pos + bytes > this.end) throw new ProtoError('field runs past the end of the message');
  }
}
