import { eq, throws } from "./assert.js";

export function testParsesAndNormalisesSpecialUrls() {
  const u = new URL("HTTP://User:Pa%20ss@EXAMPLE.com:80/a/./b/../c?x=1&y=%zz#Frag");
  eq(u.protocol, "http:"); eq(u.username, "User"); eq(u.password, "Pa%20ss");
  eq(u.host, "example.com"); eq(u.port, ""); eq(u.pathname, "/a/c");
  eq(u.search, "?x=1&y=%zz"); eq(u.hash, "#Frag");
  eq(u.href, "http://User:Pa%20ss@example.com/a/c?x=1&y=%zz#Frag");
  eq(u.origin, "http://example.com");
}

export function testResolvesRelativeReferences() {
  const base = "https://example.com/dir/page.html?q#h";
  eq(new URL("../x", base).href, "https://example.com/x");
  eq(new URL("?z", base).href, "https://example.com/dir/page.html?z");
  eq(new URL("#only", base).href, "https://example.com/dir/page.html?q#only");
  eq(new URL("//other.org/p", base).href, "https://other.org/p");
  eq(new URL("/abs", base).href, "https://example.com/abs");
  eq(URL.canParse("nope"), false);
  eq(URL.canParse("nope", base), true);
}

export function testHostsIpv4Ipv6AndIdna() {
  eq(new URL("http://0x7f.1/").host, "127.0.0.1");
  eq(new URL("http://[::1]:8080/").host, "[::1]:8080");
  eq(new URL("http://[2001:db8:0:0:0:0:0:1]/").hostname, "[2001:db8::1]");
  eq(new URL("http://münchen.de/").hostname, "xn--mnchen-3ya.de");
  eq(new URL("https://EXAMPLE.com:443/").port, "");
  eq(new URL("https://example.com:8443/").port, "8443");
  throws(() => new URL("http://ex ample.com/"), "TypeError");
  throws(() => new URL("http://[::1/"), "TypeError");
  throws(() => new URL("/relative-without-base"), "TypeError");
}

export function testPercentEncodesPathQueryAndFragment() {
  const u = new URL("https://h/ä b/<x>?q=ä b'#f g`");
  eq(u.pathname, "/%C3%A4%20b/%3Cx%3E");
  eq(u.search, "?q=%C3%A4%20b%27");
  eq(u.hash, "#f%20g%60");
}

export function testNonSpecialSchemes() {
  eq(new URL("mailto:someone@example.com").pathname, "someone@example.com");
  eq(new URL("file:///C:/dir/../x").href, "file:///C:/x");
  const b = new URL("blob:https://example.com/uuid");
  eq(b.protocol, "blob:"); eq(b.origin, "https://example.com");
  eq(new URL("data:text/plain,hello").pathname, "text/plain,hello");
}

export function testSettersAndSearchParams() {
  const u = new URL("https://example.com/p?a=1");
  u.searchParams.append("b", "x y+z");
  eq(u.search, "?a=1&b=x+y%2Bz");
  u.pathname = "/new path"; eq(u.pathname, "/new%20path");
  u.hash = "h"; eq(u.hash, "#h");
  u.port = "8080"; eq(u.host, "example.com:8080");
  u.search = ""; eq(u.href, "https://example.com:8080/new%20path#h");
}

export function testUrlSearchParams() {
  const p = new URLSearchParams("?a=1&b=2&a=3&c=%zz&d=x+y&e=%E2%9C%93");
  eq(p.get("a"), "1"); eq(p.getAll("a").join(), "1,3"); eq(p.get("c"), "%zz");
  eq(p.get("d"), "x y"); eq(p.get("e"), "✓"); eq(p.has("b"), true);
  p.delete("b"); p.set("a", "z"); p.sort();
  eq(p.toString(), "a=z&c=%25zz&d=x+y&e=%E2%9C%93");
  eq(new URLSearchParams({ k: "v", "ü": "ö" }).toString(), "k=v&%C3%BC=%C3%B6");
  eq(new URLSearchParams([["x", "1"], ["y", "2"]]).toString(), "x=1&y=2");
  eq([...new URLSearchParams("q=1&r=2").keys()].join(), "q,r");
  eq(p.size, 4);
}
