// TextEncoder, TextDecoder, atob, btoa.
import { test, assertEquals, assertThrows } from "./testing.js";

test("TextEncoder encodes UTF-8, lone surrogates as U+FFFD", () => {
  const enc = new TextEncoder();
  assertEquals(enc.encoding, "utf-8");
  assertEquals([...enc.encode("aé€😀")], [0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  assertEquals([...enc.encode("\uD800x\uDC00")], [0xef, 0xbf, 0xbd, 0x78, 0xef, 0xbf, 0xbd]);
  assertEquals(enc.encode().length, 0);
  assertEquals(enc.encode(undefined).length, 0);
  assertEquals([...enc.encode(123)], [0x31, 0x32, 0x33]);
  assert(enc.encode("x") instanceof Uint8Array);
});

function assert(c, m) {
  if (!c) throw new Error(m || "assertion failed");
}

test("TextEncoder.encodeInto stops at whole characters", () => {
  const enc = new TextEncoder();
  const dest = new Uint8Array(5);
  assertEquals(enc.encodeInto("a😀b", dest), { read: 3, written: 5 });
  assertEquals([...dest], [0x61, 0xf0, 0x9f, 0x98, 0x80]);
  const small = new Uint8Array(4);
  assertEquals(enc.encodeInto("aé€", small), { read: 2, written: 3 });
  assertEquals(enc.encodeInto("", small), { read: 0, written: 0 });
  assertThrows(() => enc.encodeInto("x", new Uint16Array(2)), TypeError);
});

test("TextDecoder decodes UTF-8 with replacement, BOM and fatal mode", () => {
  const dec = new TextDecoder();
  assertEquals(dec.encoding, "utf-8");
  assertEquals(dec.decode(new Uint8Array([0x61, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80])), "aé😀");
  assertEquals(dec.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), "a");
  assertEquals(new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), "\uFEFFa");
  assertEquals(dec.decode(new Uint8Array([0x61, 0xff, 0x62])), "a\uFFFDb");
  assertEquals(dec.decode(new Uint8Array([0xf0, 0x9f, 0x98])), "\uFFFD");
  assertEquals(dec.decode(new Uint8Array([0xed, 0xa0, 0x80])), "\uFFFD\uFFFD\uFFFD");
  assertEquals(dec.decode(new Uint8Array([0xc0, 0x80])), "\uFFFD\uFFFD");
  assertEquals(dec.decode(), "");
  assertEquals(dec.decode(new Uint8Array([0x68, 0x69]).buffer), "hi");
  assertEquals(dec.decode(new DataView(new Uint8Array([0x68, 0x69]).buffer, 1)), "i");
  assertEquals(dec.decode(new Uint16Array([0x6968])), "hi");
  const fatal = new TextDecoder("utf-8", { fatal: true });
  assertEquals(fatal.fatal, true);
  assertThrows(() => fatal.decode(new Uint8Array([0xff])), TypeError);
  assertThrows(() => dec.decode("not bytes"), TypeError);
});

test("TextDecoder streams multi-byte characters across chunks", () => {
  const dec = new TextDecoder();
  const bytes = new TextEncoder().encode("€😀é");
  let out = "";
  for (const b of bytes) out += dec.decode(new Uint8Array([b]), { stream: true });
  out += dec.decode();
  assertEquals(out, "€😀é");
  assertEquals(dec.decode(new Uint8Array([0xe2, 0x82]), { stream: true }), "");
  assertEquals(dec.decode(), "\uFFFD");
});

test("TextDecoder labels, UTF-16LE and windows-1252", () => {
  assertEquals(new TextDecoder("UTF8").encoding, "utf-8");
  assertEquals(new TextDecoder(" unicode-1-1-utf-8 ").encoding, "utf-8");
  assertEquals(new TextDecoder("latin1").encoding, "windows-1252");
  assertEquals(new TextDecoder("latin1").decode(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x80, 0x9f])), "café€Ÿ");
  const utf16 = new TextDecoder("utf-16le");
  assertEquals(utf16.decode(new Uint8Array([0xff, 0xfe, 0x68, 0x00, 0x3d, 0xd8, 0x00, 0xde])), "h😀");
  assertEquals(utf16.decode(new Uint8Array([0x00, 0xd8])), "\uFFFD");
  assertThrows(() => new TextDecoder("klingon"), RangeError);
});

test("btoa and atob", () => {
  assertEquals(btoa(""), "");
  assertEquals(btoa("f"), "Zg==");
  assertEquals(btoa("fo"), "Zm8=");
  assertEquals(btoa("foo"), "Zm9v");
  assertEquals(btoa("\u00ff\u00fe\u0000"), "//4A");
  assertThrows(() => btoa("€"), "InvalidCharacterError");
  assertEquals(atob("Zm9v"), "foo");
  assertEquals(atob("Zm8="), "fo");
  assertEquals(atob("Zm8"), "fo");
  assertEquals(atob(" Z m 9\nv "), "foo");
  assertEquals(atob("//4A"), "\u00ff\u00fe\u0000");
  assertEquals(atob(""), "");
  for (const bad of ["Z", "Zm9v=", "Zm=8", "Zm8==", "Zm9*", "Zg===", "€"]) {
    assertThrows(() => atob(bad), "InvalidCharacterError", undefined);
  }
  const binary = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");
  assertEquals(atob(btoa(binary)), binary);
  assertThrows(() => atob(), TypeError);
});

export { run } from "./testing.js";
