// A cursor over protobuf's wire format, for walking a profile.proto's fields without decoding it:
// the import reads its sample types, and the flame worker checks its repeated fields' sizes first.

/** A cursor over protobuf's wire format: tags, varints and length-delimited fields, each checked against the end. */
export class Wire {
  private at = 0;
  constructor(private readonly buf: Uint8Array) {}

  done(): boolean {
    return this.at >= this.buf.length;
  }

  /**
   * The next varint: up to 10 bytes, as a negative int64 takes (a profile's time_nanos may be one).
   * Exact below 2^53, as every tag, length and index read here is; a larger one is only skipped.
   */
  varint(): number {
    let value = 0;
    for (let i = 0, scale = 1; i < 10; i++, scale *= 128) {
      if (this.at >= this.buf.length) throw new Error('a varint runs past the end');
      const b = this.buf[this.at++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
    }
    throw new Error('a varint longer than 64 bits');
  }

  /**
   * A tag as pprof-format reads one, in a single byte: field numbers up to 15, profile.proto's
   * highest. A longer tag is refused, not read otherwise than that decoder would read it.
   */
  shortTag(): number {
    if (this.at >= this.buf.length) throw new Error('a tag runs past the end');
    const b = this.buf[this.at++]!;
    if (b >= 0x80) throw new Error('a field number above 15, which profile.proto does not have');
    return b;
  }

  bytes(): Uint8Array {
    const n = this.varint();
    if (this.at + n > this.buf.length) throw new Error('a field runs past the end');
    this.at += n;
    return this.buf.subarray(this.at - n, this.at);
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.advance(8);
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.advance(4);
    else throw new Error(`wire type ${wireType} is not one profile.proto uses`);
  }

  private advance(n: number): void {
    if (this.at + n > this.buf.length) throw new Error('a field runs past the end');
    this.at += n;
  }
}
