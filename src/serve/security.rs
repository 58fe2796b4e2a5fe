//! The server's defences: the access check (token off loopback, loopback host names on
//! loopback), sessions and their CSRF tokens, security headers, unguessable ids and safe
//! download names.

use axum::extract::{Request, State};
use axum::http::header::{
    AUTHORIZATION, CACHE_CONTROL, CONTENT_SECURITY_POLICY, COOKIE, HOST, REFERRER_POLICY,
    SET_COOKIE, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::App;
use super::page::Fout;

/// The browser session: one random id per browser, in an HttpOnly cookie.
pub(super) const SESSION_COOKIE: &str = "regiodocs_sessie";
/// Holds the access token after the first visit with `?token=…`.
const ACCESS_COOKIE: &str = "regiodocs_toegang";

/// The policy of every page: scripts, styles and images only from this server, no inline
/// script or style, frames (the PDF preview) only from this server, forms only to it.
pub(super) const CSP_PAGE: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; frame-src 'self'; form-action 'self'; \
     base-uri 'none'; frame-ancestors 'none'";

/// The policy of a PDF shown in the page's preview frame: only this server may frame it.
/// (A `default-src` here would keep the browser's PDF viewer from working.)
pub(super) const CSP_PREVIEW: &str = "frame-ancestors 'self'";

/// `n` random bytes as lowercase hex, from the operating system's generator.
pub(super) fn random_hex(n: usize) -> Result<String, String> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| format!("geen willekeurige getallen: {e}"))?;
    Ok(hex(&buf))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// True for the shape of the ids this server hands out (32 lowercase hex digits).
pub(super) fn is_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Compares without stopping at the first difference (no timing hint about a token).
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The value of a cookie, from any `Cookie` header.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The session id of a request, when it has a well-formed one.
pub(super) fn session(headers: &HeaderMap) -> Option<String> {
    cookie(headers, SESSION_COOKIE)
        .filter(|s| is_id(s))
        .map(str::to_string)
}

/// The session of a request, or a new one with the cookie that starts it.
pub(super) fn session_or_new(headers: &HeaderMap) -> Result<(String, Option<HeaderValue>), Fout> {
    if let Some(s) = session(headers) {
        return Ok((s, None));
    }
    let id = random_hex(16).map_err(Fout::intern)?;
    let cookie = HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax"
    ))
    .map_err(|e| Fout::intern(e.to_string()))?;
    Ok((id, Some(cookie)))
}

/// The CSRF token of a session: HMAC-SHA256 of the session id under the server's key, so
/// another site (which cannot read this page) cannot know it.
pub(super) fn csrf_token(key: &[u8], session: &str) -> String {
    hex(&csrf_mac(key, session).finalize().into_bytes())
}

fn csrf_mac(key: &[u8], session: &str) -> Hmac<Sha256> {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(b"csrf:");
    mac.update(session.as_bytes());
    mac
}

/// Checks a form's CSRF token against the session (in constant time).
pub(super) fn csrf_ok(key: &[u8], session: &str, given: Option<&str>) -> bool {
    let Some(given) = given else { return false };
    let Ok(bytes) = decode_hex(given) else {
        return false;
    };
    csrf_mac(key, session).verify_slice(&bytes).is_ok()
}

fn decode_hex(s: &str) -> Result<Vec<u8>, ()> {
    if !s.len().is_multiple_of(2) {
        return Err(());
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2).ok_or(())?, 16).map_err(|_| ()))
        .collect()
}

/// The host part of a `Host` header (`[::1]:8080` → `[::1]`, `localhost:8080` → `localhost`).
fn host_name(host: &str) -> &str {
    if host.starts_with('[') {
        return host.split_inclusive(']').next().unwrap_or(host);
    }
    host.rsplit_once(':').map_or(host, |(h, _)| h)
}

/// True for names that reach this computer only: `localhost`, `127.x.x.x`, `[::1]`.
fn is_loopback_name(host: &str) -> bool {
    let h = host_name(host);
    h.eq_ignore_ascii_case("localhost")
        || h == "[::1]"
        || h.parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The access check, before every route.
///
/// With a token: it must come as the cookie set on the first visit, as `Authorization:
/// Bearer …`, or as `?token=…` on a page address (then the cookie is set and the browser is
/// sent to `/`, so the token leaves the address bar). Without a token (loopback only): the
/// request must be addressed to a loopback name, so a web site that points its own name at
/// 127.0.0.1 (DNS rebinding) cannot use the page.
pub(super) async fn guard(State(app): State<App>, req: Request, next: Next) -> Response {
    let Some(token) = app.token() else {
        let host = req.headers().get(HOST).and_then(|h| h.to_str().ok());
        if host.is_some_and(|h| !is_loopback_name(h)) {
            return Fout::new(
                StatusCode::FORBIDDEN,
                "Geen toegang",
                "Deze pagina is alleen te openen op de computer waarop regiodocs draait, via het adres dat regiodocs bij het starten toonde (http://127.0.0.1:…).",
            )
            .into_response();
        }
        return next.run(req).await;
    };
    let from_query = axum::extract::Query::<TokenQuery>::try_from_uri(req.uri())
        .ok()
        .and_then(|q| q.0.token);
    if let Some(given) = from_query {
        if req.method() == Method::GET && same(given.as_bytes(), token.as_bytes()) {
            let cookie = format!("{ACCESS_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax");
            let mut res = Redirect::to("/").into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                res.headers_mut().insert(SET_COOKIE, v);
            }
            return res;
        }
        return Fout::toegang().into_response();
    }
    let headers = req.headers();
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let ok = [cookie(headers, ACCESS_COOKIE), bearer]
        .into_iter()
        .flatten()
        .any(|t| same(t.as_bytes(), token.as_bytes()));
    if !ok {
        return Fout::toegang().into_response();
    }
    next.run(req).await
}

#[derive(serde::Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// Security headers on every response. A handler may set its own
/// `Content-Security-Policy`, `X-Frame-Options` and `Cache-Control` (the PDF preview, the
/// embedded assets); everything else is fixed.
pub(super) async fn headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.entry(CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CSP_PAGE));
    h.entry(X_FRAME_OPTIONS)
        .or_insert(HeaderValue::from_static("DENY"));
    h.entry(CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    res
}

/// A file name safe in a `Content-Disposition` header and on every file system: ASCII
/// letters, digits, `.`, `-` and `_` only (anything else becomes `-`), not starting with a
/// dot, at most 100 characters.
///
/// ```text
/// "GM0228-ede/plan.pdf"   → "GM0228-ede-plan.pdf"
/// "\"x\";\r\nSet-Cookie"  → "x-Set-Cookie"
/// ```
pub(super) fn download_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
            c
        } else {
            '-'
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let out: String = out
        .trim_start_matches(['.', '-'])
        .trim_end_matches('-')
        .chars()
        .take(100)
        .collect();
    if out.is_empty() {
        "bestand".into()
    } else {
        out
    }
}

/// A `Content-Disposition` header: `attachment` (download) or `inline` (shown in the page).
pub(super) fn disposition(name: &str, attachment: bool) -> HeaderValue {
    let kind = if attachment { "attachment" } else { "inline" };
    HeaderValue::from_str(&format!("{kind}; filename=\"{}\"", download_name(name)))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_are_plain_ascii() {
        assert_eq!(download_name("GM0228-ede/plan.pdf"), "GM0228-ede-plan.pdf");
        assert_eq!(
            download_name("\"x\";\r\nSet-Cookie: a=b"),
            "x-Set-Cookie-a-b"
        );
        assert_eq!(download_name("../../etc/passwd"), "etc-passwd");
        assert_eq!(download_name("Súdwest.pdf"), "S-dwest.pdf");
        assert_eq!(download_name("..."), "bestand");
        assert_eq!(download_name(&"a".repeat(300)).len(), 100);
    }

    #[test]
    fn csrf_tokens_belong_to_their_session_and_key() {
        let key = [7u8; 32];
        let t = csrf_token(&key, "aaaa");
        assert!(csrf_ok(&key, "aaaa", Some(&t)));
        assert!(!csrf_ok(&key, "bbbb", Some(&t)));
        assert!(!csrf_ok(&[8u8; 32], "aaaa", Some(&t)));
        assert!(!csrf_ok(&key, "aaaa", None));
        assert!(!csrf_ok(&key, "aaaa", Some("zz")));
        assert!(!csrf_ok(&key, "aaaa", Some(&t[..10])));
    }

    #[test]
    fn only_loopback_names_pass_without_a_token() {
        for ok in [
            "127.0.0.1:8080",
            "localhost:1",
            "LOCALHOST",
            "[::1]:8080",
            "127.1.2.3",
        ] {
            assert!(is_loopback_name(ok), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "192.168.1.2:8080",
            "[::2]:80",
            "localhost.evil",
        ] {
            assert!(!is_loopback_name(bad), "{bad}");
        }
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_static("a=1; regiodocs_sessie=0123456789abcdef0123456789abcdef"),
        );
        assert_eq!(
            session(&h).as_deref(),
            Some("0123456789abcdef0123456789abcdef")
        );
        h.insert(COOKIE, HeaderValue::from_static("regiodocs_sessie=../../x"));
        assert_eq!(session(&h), None);
    }
}
