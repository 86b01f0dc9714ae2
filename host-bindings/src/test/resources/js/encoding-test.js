import { eq, throws } from "./assert.js";

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");

export function testTextEncoderEncodesUtf8() {
  const enc = new TextEncoder();
  eq(enc.encoding, "utf-8");
  eq(hex(enc.encode("aé€😀")), "61 c3 a9 e2 82 ac f0 9f 98 80");
  eq(hex(enc.encode("\uD800x")), "ef bf bd 78", "lone surrogate becomes U+FFFD");
  eq(enc.encode("").length, 0);
  const into = new Uint8Array(4);
  const r = enc.encodeInto("héllo", into);
  eq(r.read, 3); eq(r.written, 4);
}

export function testTextDecoderReplacesOrThrows() {
  const dec = new TextDecoder();
  eq(dec.decode(new Uint8Array([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac])), "aé€");
  eq(dec.decode(new Uint8Array([0x61, 0xff, 0x62])), "a\uFFFDb");
  eq(dec.decode(new Uint8Array([0xe2, 0x82, 0x61])), "\uFFFDa", "truncated sequence is one replacement");
  eq(dec.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x78])), "x", "BOM is stripped");
  eq(new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf])), "\uFEFF");
  throws(() => new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xc0, 0x80])), "TypeError");
  eq(dec.decode(new Uint8Array([0x68, 0x69]).buffer), "hi");
  eq(dec.decode(), "");
  const s = new TextDecoder();
  eq(s.decode(new Uint8Array([0xe2, 0x82]), { stream: true }) + s.decode(new Uint8Array([0xac])), "€");
}

export function testAtobAndBtoa() {
  eq(btoa("hello"), "aGVsbG8=");
  eq(atob("aGVsbG8="), "hello");
  eq(atob(" aGVs bG8 "), "hello", "whitespace is ignored");
  eq(btoa("\xff\xfe"), "//4=");
  throws(() => btoa("€"), "InvalidCharacterError");
  throws(() => atob("a"), "InvalidCharacterError");
}
