// URL and URLSearchParams, WPT-style: [input, base, expected href] (null: parsing fails).
import { test, assertEquals, assertThrows, assert, seededRandom } from "./testing.js";

const cases = [
  ["http://example.com/a/../b", undefined, "http://example.com/b"],
  ["HTTP://EXAMPLE.COM:80/", undefined, "http://example.com/"],
  ["http://[::1]:8080/", undefined, "http://[::1]:8080/"],
  ["http://0x7f.1/", undefined, "http://127.0.0.1/"],
  ["file:///C:/x", undefined, "file:///C:/x"],
  ["https://user:pa%20ss@h/?q=a b#f", undefined, "https://user:pa%20ss@h/?q=a%20b#f"],
  ["http://ex ample.com", undefined, null],
  ["../x", "http://a/b/c/d", "http://a/b/x"],
  ["blob:https://example.com/uuid", undefined, "blob:https://example.com/uuid"],
  ["mailto:someone@example.com", undefined, "mailto:someone@example.com"],
  ["http://münchen.de/", undefined, "http://xn--mnchen-3ya.de/"],
  ["http://MÜNCHEN.de/", undefined, "http://xn--mnchen-3ya.de/"],
  ["http://xn--mnchen-3ya.de/", undefined, "http://xn--mnchen-3ya.de/"],
  ["http://例え.テスト/", undefined, "http://xn--r8jz45g.xn--zckzah/"],
  ["http://ＥＸＡＭＰＬＥ．com/", undefined, "http://example.com/"],
  ["http://xn--/", undefined, null],
  ["http://xn--a/", undefined, null],
  ["http://example.com/a%2fb", undefined, "http://example.com/a%2fb"],
  ["http://example.com/ä?ä#ä", undefined, "http://example.com/%C3%A4?%C3%A4#%C3%A4"],
  ["http://example.com/\u{1F600}", undefined, "http://example.com/%F0%9F%98%80"],
  ["http://example.com/\uD800", undefined, "http://example.com/%EF%BF%BD"],
  ["http://EXAMPLE.com./", undefined, "http://example.com./"],
  ["http://1.2.3.4.5/", undefined, null],
  ["http://256.0.0.1/", undefined, null],
  ["http://4294967295/", undefined, "http://255.255.255.255/"],
  ["http://4294967296/", undefined, null],
  ["http://0177.0.0.1/", undefined, "http://127.0.0.1/"],
  ["http://1.2.3/", undefined, "http://1.2.0.3/"],
  ["http://0x100.1/", undefined, null],
  ["http://foo.09/", undefined, null],
  ["http://a.b.c.0x10/", undefined, null],
  ["http://1.2.3.4./", undefined, "http://1.2.3.4/"],
  ["http://[0:0:0:0:0:0:0:1]/", undefined, "http://[::1]/"],
  ["http://[1:0:0:2::3:0]/", undefined, "http://[1::2:0:0:3:0]/"],
  ["http://[::ffff:192.168.0.1]/", undefined, "http://[::ffff:c0a8:1]/"],
  ["http://[2001:DB8::1]/", undefined, "http://[2001:db8::1]/"],
  ["http://[::]/", undefined, "http://[::]/"],
  ["http://[::1/", undefined, null],
  ["http://[1::2::3]/", undefined, null],
  ["http://[1:2:3:4:5:6:7:8:9]/", undefined, null],
  ["http://[::1.2.3]/", undefined, null],
  ["non-special://host/path", undefined, "non-special://host/path"],
  ["non-special://HOST/", undefined, "non-special://HOST/"],
  ["sc://ñ/", undefined, "sc://%C3%B1/"],
  ["sc://a b/", undefined, null],
  ["http://a:b@c:29/d", undefined, "http://a:b@c:29/d"],
  ["http://@host/", undefined, "http://host/"],
  ["http://user@/", undefined, null],
  ["http://us@er:pa:ss@host/", undefined, "http://us%40er:pa%3Ass@host/"],
  ["http:/example.com/", undefined, "http://example.com/"],
  ["http:\\\\example.com\\a\\b", undefined, "http://example.com/a/b"],
  ["file:c:\\foo\\bar", undefined, "file:///c:/foo/bar"],
  ["file://localhost/x", undefined, "file:///x"],
  ["file:///./../x", undefined, "file:///x"],
  ["file:///C:/../..", undefined, "file:///C:/"],
  ["file://host/share/x", undefined, "file://host/share/x"],
  ["  http://example.com/  ", undefined, "http://example.com/"],
  ["ht\ntp://ex\tample.com/", undefined, "http://example.com/"],
  ["javascript:alert(1)", undefined, "javascript:alert(1)"],
  ["data:text/plain,hello world", undefined, "data:text/plain,hello world"],
  ["?x", "http://a/b?c#d", "http://a/b?x"],
  ["#y", "http://a/b?c#d", "http://a/b?c#y"],
  ["", "http://a/b?c#d", "http://a/b?c"],
  ["//other/x", "http://a/b", "http://other/x"],
  ["/x", "file:///C:/a/b", "file:///C:/x"],
  ["x", "mailto:a", null],
  ["#x", "mailto:a", "mailto:a#x"],
  ["g;x=1/../y", "http://a/b/c/d;p?q", "http://a/b/c/y"],
  ["../../../g", "http://a/b/c/d;p?q", "http://a/g"],
  ["http:g", "http://a/b/c/d;p?q", "http://a/b/c/g"],
  ["https:g", "http://a/b/c/d;p?q", "https://g/"],
  ["x", undefined, null],
  ["http://example.com:65536/", undefined, null],
  ["http://example.com:0080/", undefined, "http://example.com/"],
  ["https://example.com:443/", undefined, "https://example.com/"],
  ["ws://x:80/", undefined, "ws://x/"],
  ["http://example.com:/", undefined, "http://example.com/"],
  ["http://example.com:8a/", undefined, null],
  ["http://%41.com/", undefined, "http://a.com/"],
  ["http://a%00b/", undefined, null],
  ["http://a%zzb/", undefined, null],
  ["http://example.com/foo%", undefined, "http://example.com/foo%"],
  ["http://example.com/%2e%2E/x", undefined, "http://example.com/x"],
  ["http://example.com/a/./b/.", undefined, "http://example.com/a/b/"],
  ["http://example.com/a/b/..", undefined, "http://example.com/a/"],
  ["http://example.com?a'b", undefined, "http://example.com/?a%27b"],
  ["foo://x?a'b", undefined, "foo://x?a'b"],
  ["http://example.com/`{}^|", undefined, "http://example.com/%60%7B%7D%5E|"],
  ["http://example.com/#`<>", undefined, "http://example.com/#%60%3C%3E"],
  ["http://example.com/\"<>", undefined, "http://example.com/%22%3C%3E"],
  ["foo:/.//p", undefined, "foo:/.//p"],
  ["foo:/..//p", undefined, "foo:/.//p"],
  ["http://host/?q=\u0000x", undefined, "http://host/?q=%00x"],
  ["http://host/?q=\u0000", undefined, "http://host/?q="], // trailing C0 controls are trimmed
  ["HTTP://Host:1234/P?Q#F", undefined, "http://host:1234/P?Q#F"],
];

for (const [input, base, expected] of cases) {
  test(`parse ${JSON.stringify(input)}${base ? " against " + base : ""}`, () => {
    if (expected === null) {
      assertThrows(() => new URL(input, base), TypeError);
      assertEquals(URL.canParse(input, base), false);
      assertEquals(URL.parse(input, base), null);
    } else {
      const url = new URL(input, base);
      assertEquals(url.href, expected);
      assertEquals(URL.canParse(input, base), true);
      assertEquals(URL.parse(input, base).href, expected);
      // The serialization parses back to itself.
      assertEquals(new URL(url.href).href, expected);
    }
  });
}

test("components of a full URL", () => {
  const u = new URL("https://us%20er:p%40ss@Sub.Example.com:8443/p/a/t/h.html?query=1&b#Frag");
  assertEquals(u.protocol, "https:");
  assertEquals(u.username, "us%20er");
  assertEquals(u.password, "p%40ss");
  assertEquals(u.host, "sub.example.com:8443");
  assertEquals(u.hostname, "sub.example.com");
  assertEquals(u.port, "8443");
  assertEquals(u.pathname, "/p/a/t/h.html");
  assertEquals(u.search, "?query=1&b");
  assertEquals(u.hash, "#Frag");
  assertEquals(u.origin, "https://sub.example.com:8443");
  assertEquals(String(u), u.href);
  assertEquals(JSON.stringify({ u }), `{"u":"${u.href}"}`);
});

test("origins", () => {
  assertEquals(new URL("blob:https://example.com/uuid").origin, "https://example.com");
  assertEquals(new URL("blob:ftp://example.com/uuid").origin, "null");
  assertEquals(new URL("mailto:someone@example.com").origin, "null");
  assertEquals(new URL("file:///tmp").origin, "null");
  assertEquals(new URL("http://[::1]:80/").origin, "http://[::1]");
  assertEquals(new URL("mailto:someone@example.com").pathname, "someone@example.com");
});

test("setters", () => {
  const u = new URL("http://example.com/path?x#h");
  u.pathname = "/a b/c";
  assertEquals(u.pathname, "/a%20b/c");
  u.search = "q=1 2";
  assertEquals(u.search, "?q=1%202");
  u.hash = "frag ment";
  assertEquals(u.hash, "#frag%20ment");
  u.port = "8080";
  assertEquals(u.host, "example.com:8080");
  u.port = "8081abc";
  assertEquals(u.port, "8081");
  u.port = "abc";
  assertEquals(u.port, "8081");
  u.port = "99999";
  assertEquals(u.port, "8081");
  u.port = "";
  assertEquals(u.host, "example.com");
  u.hostname = "Other.ORG";
  assertEquals(u.hostname, "other.org");
  u.host = "h:99";
  assertEquals(u.host, "h:99");
  u.hostname = "x:1"; // a port in hostname is refused
  assertEquals(u.host, "h:99");
  u.protocol = "https";
  assertEquals(u.protocol, "https:");
  u.protocol = "foo"; // special to non-special is refused
  assertEquals(u.protocol, "https:");
  u.username = "us er";
  u.password = "p@ss";
  assertEquals(u.href, "https://us%20er:p%40ss@h:99/a%20b/c?q=1%202#frag%20ment");
  u.search = "";
  u.hash = "";
  assertEquals(u.href, "https://us%20er:p%40ss@h:99/a%20b/c");
  u.href = "http://new.example/";
  assertEquals(u.host, "new.example");
  assertThrows(() => (u.href = "not a url"), TypeError);
  const port = new URL("https://example.com:8443/");
  port.protocol = "http";
  port.port = "80";
  assertEquals(port.href, "http://example.com/");
  const mail = new URL("mailto:x@y");
  mail.host = "example.com";
  mail.pathname = "/other";
  assertEquals(mail.href, "mailto:x@y");
  const file = new URL("file:///x");
  file.username = "u";
  file.port = "1";
  assertEquals(file.href, "file:///x");
  const opaque = new URL("data:space    ?query");
  opaque.search = "";
  assertEquals(opaque.href, "data:space");
});

test("searchParams is live both ways", () => {
  const u = new URL("http://example.com/?q=1%202");
  const params = u.searchParams;
  assert(params === u.searchParams, "same object every time");
  assertEquals(params.get("q"), "1 2");
  params.append("a", "b c");
  assertEquals(u.search, "?q=1+2&a=b+c");
  u.search = "?z=9";
  assertEquals([...params], [["z", "9"]]);
  params.delete("z");
  assertEquals(u.href, "http://example.com/");
});

test("URLSearchParams parsing", () => {
  const p = new URLSearchParams("?a=1&b=2&a=3&&c&=x&d=e=f");
  assertEquals(p.getAll("a"), ["1", "3"]);
  assertEquals(p.get("c"), "");
  assertEquals(p.get(""), "x");
  assertEquals(p.get("d"), "e=f");
  assertEquals(p.get("missing"), null);
  assertEquals(p.size, 6);
  assertEquals(new URLSearchParams("a=b+c%2Bd").get("a"), "b c+d");
  assertEquals(new URLSearchParams("a=%zz%4").get("a"), "%zz%4");
  assertEquals(new URLSearchParams("a=%F0%9F%98%80").get("a"), "😀");
  assertEquals(new URLSearchParams("a=%FF").get("a"), "\uFFFD");
  assertEquals(new URLSearchParams("%61=1").get("a"), "1");
});

test("URLSearchParams init forms", () => {
  assertEquals(new URLSearchParams({ a: "1", b: 2 }).toString(), "a=1&b=2");
  assertEquals(new URLSearchParams([["a", "1"], ["a", "2"]]).getAll("a"), ["1", "2"]);
  assertEquals(new URLSearchParams(new Map([["k", "v"]])).get("k"), "v");
  assertThrows(() => new URLSearchParams([["a"]]), TypeError);
  const original = new URLSearchParams("x=1");
  const copy = new URLSearchParams(original);
  copy.set("x", "2");
  assertEquals(original.get("x"), "1");
});

test("URLSearchParams mutation, sort and serialization", () => {
  const p = new URLSearchParams("c=1&a=2&b=3&a=1");
  p.sort();
  assertEquals(p.toString(), "a=2&a=1&b=3&c=1");
  p.set("a", "x");
  assertEquals(p.toString(), "a=x&b=3&c=1");
  p.append("b", "4");
  assertEquals(p.has("b", "4"), true);
  assertEquals(p.has("b", "5"), false);
  p.delete("b", "3");
  assertEquals(p.getAll("b"), ["4"]);
  p.set("q", "a b&c=d/é~*-._!'()");
  assertEquals(p.get("q"), "a b&c=d/é~*-._!'()");
  assertEquals(p.toString(), "a=x&c=1&b=4&q=a+b%26c%3Dd%2F%C3%A9%7E*-._%21%27%28%29");
  assertEquals([...p.keys()], ["a", "c", "b", "q"]);
  const seen = [];
  p.forEach((value, key) => seen.push(key + "=" + value));
  assertEquals(seen.length, 4);
  const sorted = new URLSearchParams("z=1&é=2&a=3&\u{1F600}=4&\uFFFD=5");
  sorted.sort();
  assertEquals([...sorted.keys()], ["a", "z", "é", "\u{1F600}", "\uFFFD"]);
});

test("URL misuse", () => {
  assertThrows(() => new URL(), TypeError);
  assertThrows(() => new URL("/relative"), TypeError, "Invalid URL");
  assertThrows(() => new URL("x", "not a base"), TypeError);
  assertEquals(Object.prototype.toString.call(new URL("http://a/")), "[object URL]");
  assertThrows(() => structuredClone(new URL("http://a/")), "DataCloneError");
});
// The prelude parses plain http(s)/ws(s) URLs with a native scan (c/url.c) and everything else
// with the standard's state machine. A leading space sends any input to the state machine (which
// trims it), so each generated URL is parsed both ways and every component must agree.
const simpleURL = globalThis.harness ? globalThis.harness.hooks.internals.parseSimpleURL : null;
test("the fast path for plain URLs agrees with the state machine", () => {
  const random = seededRandom(12345);
  const pick = (list) => list[random(list.length)];
  const text = (alphabet, max) => {
    let out = "";
    for (let i = random(max + 1); i > 0; i--) out += alphabet[random(alphabet.length)];
    return out;
  };
  let printable = "";
  for (let c = 0x21; c < 0x7f; c++) printable += String.fromCharCode(c);
  const pieces = [".", "..", "%2e", "%2E", "/", "?", "#", ":", "@", "\\", "'", "`", "{", "}", "xn--", "0x", "-", "_"];
  const hostLabels = ["example", "EXAMPLE", "a-b", "-a", "0", "09", "255", "0x7f", "0X1F", "xn--", "xn--mnchen-3ya", "a_b", "com", "", "b1"];
  const ports = ["", ":", ":0", ":80", ":443", ":0080", ":8080", ":65535", ":65536", ":99999", ":1a"];
  const components = ["href", "protocol", "host", "hostname", "port", "pathname", "search", "hash", "origin"];
  let fast = 0;
  for (let i = 0; i < 5000; i++) {
    const labels = [];
    for (let n = 1 + random(4); n > 0; n--) labels.push(pick(hostLabels));
    const path = random(4) === 0 ? "" : "/" + text(printable + pieces.join(""), 12);
    const input = pick(["http", "https", "ws", "wss", "HTTP", "ftp"]) + "://" + labels.join(".") + pick(ports) + path
      + (random(3) === 0 ? "?" + text(printable, 10) : "") + (random(4) === 0 ? "#" + text(printable, 6) : "");
    let viaMachine, viaAny;
    try { viaMachine = new URL(" " + input); } catch { viaMachine = null; }
    try { viaAny = new URL(input); } catch { viaAny = null; }
    assertEquals(viaAny === null, viaMachine === null, input);
    if (simpleURL !== null && simpleURL(input) !== null) {
      assert(viaAny !== null, "the fast path accepted an invalid URL: " + input);
      fast++;
    }
    if (viaAny === null) continue;
    for (const c of components) assertEquals(viaAny[c], viaMachine[c], input + " " + c);
  }
  if (simpleURL !== null) assert(fast > 300, "the generator reaches the fast path often enough: " + fast);
});

test("the fast path takes plain URLs only", () => {
  const record = simpleURL("https://Sub.Example.COM:8443/a/b/?q=1&r=%41#top");
  assertEquals({ ...record }, {
    scheme: "https", username: "", password: "", host: "sub.example.com", port: 8443,
    path: ["a", "b", ""], query: "q=1&r=%41", fragment: "top",
  });
  assertEquals(Object.getPrototypeOf(record), null);
  assertEquals({ ...simpleURL("http://a") }, {
    scheme: "http", username: "", password: "", host: "a", port: null, path: [""], query: null, fragment: null,
  });
  assertEquals(simpleURL("wss://a:443?#").port, null, "a scheme's default port is no port");
  assertEquals(simpleURL("ws://a:443/").port, 443);
  assertEquals(simpleURL("http://a:0080/").port, null);
  assertEquals([simpleURL("http://a/?").query, simpleURL("http://a/#").fragment], ["", ""]);
  const rope = "http://" + "a".repeat(40) + "/" + "b".repeat(40);
  assertEquals(simpleURL(rope).host, "a".repeat(40), "a concatenated (rope) string");
  // Each of these needs the state machine: normalizing, percent-encoding, or a failure.
  for (const input of [
    "HTTP://a/", "ftp://a/", "http:/a/", "http://", "http://a./", "http://.a/", "http://a..b/", "http://a_b/",
    "http://a:/", "http://a:123456/", "http://a:65536/", "http://a:1a/", "http://a.09/", "http://1.2.3/",
    "http://01.2.3.4/", "http://1.2.3.04/", "http://256.1.1.1/", "http://1.2.3.4.5/", "http://1.2.3.4./", "http://0x7f.0.0.1/",
    "http://1.2.3.1000/", "http://a.1.2.3/",
    "http://a.0x1F/", "http://a.0x/", "http://xn--mnchen-3ya.de/", "http://a/./b", "http://a/b/..", "http://a/%2e",
    "http://a/b c", "http://a/\\b", "http://a/?'", "http://a/?q#`", "http://a/é", "http://a@b/", " http://a/",
    "http://a/\t", "http://" + "a".repeat(300) + "/",
  ]) {
    assertEquals(simpleURL(input), null, input);
  }
  assertEquals(simpleURL(42), null);
  // Percent signs stay as they are, except where "%2e" could be a dot segment.
  assertEquals(simpleURL("http://a/b%20c/%/%zz?q=%41#%").path, ["b%20c", "%", "%zz"]);
  for (const input of ["http://a/%2E%2e", "http://a/x%2ey", "http://a/b/%2E"]) assertEquals(simpleURL(input), null, input);
  // An IPv4 address written as the serializer writes it (how local servers are reached).
  assertEquals({ ...simpleURL("http://127.0.0.1:8787/x?y") }, {
    scheme: "http", username: "", password: "", host: "127.0.0.1", port: 8787, path: ["x"], query: "y", fragment: null,
  });
  for (const host of ["0.0.0.0", "255.255.255.255", "10.0.0.1", "192.168.1.20"]) {
    assertEquals(simpleURL(`https://${host}/`).host, host);
    assertEquals(new URL(` https://${host}/`).hostname, host, "the state machine agrees");
  }
}, { skip: simpleURL === null });
// URLSearchParams parses ASCII input natively (c/url.c) and anything else with the standard's
// steps in JS; on every generated ASCII input both must give the same pairs.
const formParsers = globalThis.harness ? globalThis.harness.hooks.internals : null;
test("the native form parser agrees with the JS one", () => {
  const { parseForm, parseFormJs } = formParsers;
  const random = seededRandom(4242);
  const alphabet = ["a", "b", "=", "&", "+", "%", "%2", "%20", "%3D", "%26", "%2B", "%41", "%zz", "%C3%A9", "%C3", "%E2%82",
    "%F0%9F%98%80", "%FF", "%ED%A0%80", "?", " ", "~", "0"];
  for (let i = 0; i < 3000; i++) {
    let input = "";
    for (let n = random(12); n > 0; n--) input += alphabet[random(alphabet.length)];
    assertEquals(parseForm(input), parseFormJs(input), JSON.stringify(input));
  }
  assertEquals(parseForm("a=1&&b=x+y%21&c&=d&e=f=g"), [["a", "1"], ["b", "x y!"], ["c", ""], ["", "d"], ["e", "f=g"]]);
  assertEquals(parseForm("é=1"), null, "non-ASCII input is the JS parser's");
  assertEquals([...new URLSearchParams("é=%C3%A9&x=%FF")], [["é", "é"], ["x", "\uFFFD"]]);
  assertEquals(new URL("http://a/?q=%E2%82%AC+1&q=2").searchParams.getAll("q"), ["€ 1", "2"]);
}, { skip: formParsers === null });
// new URL("/path", base) against an http(s)/ws(s) base has a fast path too; a leading space
// sends the same reference to the state machine, and both must agree on every component.
test("the fast path for path-absolute references agrees with the state machine", () => {
  const random = seededRandom(2024);
  const pick = (list) => list[random(list.length)];
  let printable = "";
  for (let c = 0x21; c < 0x7f; c++) printable += String.fromCharCode(c);
  const pieces = ["/", "/", ".", "..", "%2e", "%2E", "%20", "%", "?", "#", "\\", "a", "b", "é", "\t", " "];
  const bases = ["http://example.com/a/b?x#y", "https://u:p@h.example:8443/", "ws://[::1]:80/x", "wss://127.0.0.1/",
    "http://EXAMPLE.com", "file:///C:/x", "ftp://h/d/", "mailto:x@y", "foo://h/p", "https://xn--mnchen-3ya.de/"];
  const components = ["href", "protocol", "username", "password", "host", "port", "pathname", "search", "hash", "origin"];
  let fast = 0;
  for (let i = 0; i < 3000; i++) {
    let input = "/";
    for (let n = random(6); n > 0; n--) input += random(3) === 0 ? pick(pieces) : printable[random(printable.length)];
    const base = pick(bases);
    let viaMachine, viaAny;
    try { viaMachine = new URL(" " + input, base); } catch { viaMachine = null; }
    try { viaAny = new URL(input, base); } catch { viaAny = null; }
    assertEquals(viaAny === null, viaMachine === null, input + " against " + base);
    if (viaAny === null) continue;
    for (const c of components) assertEquals(viaAny[c], viaMachine[c], input + " against " + base + " " + c);
    if (simpleURL !== null && /^(https?|wss?):/.test(base) && simpleURL("http://h" + input) !== null) fast++;
  }
  if (simpleURL !== null) assert(fast > 300, "the generator reaches the fast path often enough: " + fast);
  assertEquals(new URL("/login?next=%2F#top", "https://u:p@example.com:8443/a/b").href, "https://u:p@example.com:8443/login?next=%2F#top");
  assertEquals(new URL("//other.example/x", "https://example.com/").href, "https://other.example/x");
  assertEquals(new URL("/\\other.example/x", "https://example.com/").href, "https://other.example/x");
});
export { run } from "./testing.js";
