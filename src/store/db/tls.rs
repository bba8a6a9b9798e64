//! TLS for PostgreSQL connections, with the meanings libpq (and so `psql`
//! and every hosted PostgreSQL's documentation) gives a URL's `sslmode`
//! and `sslrootcert`, so a URL that works for `psql` works here:
//!
//! - `disable`: no TLS;
//! - `allow`, `prefer` (the default): TLS when the server offers it,
//!   without checking its certificate;
//! - `require`: TLS, without checking the certificate, unless
//!   `sslrootcert` names the authority to check it against;
//! - `verify-ca`: TLS, with a certificate signed by a trusted authority;
//! - `verify-full`: that, and made out to the host named in the URL.
//!
//! The authorities trusted are the system's, or only those in the file
//! `sslrootcert` names. A server that asks for a client certificate gets
//! the one `sslcert` names, with its key in `sslkey` (both PEM; the key
//! PKCS#8, as `openssl` writes it). The driver itself knows only
//! `disable`, `prefer` and `require`, and none of the files: the URL it is
//! given is rewritten.

use std::io::Read;
use std::path::{Path, PathBuf};

use native_tls::{Certificate, Identity, TlsConnector};
use postgres_native_tls::MakeTlsConnector;

/// What the URL asks of TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsSettings {
    pub mode: SslMode,
    /// The file of trusted authorities (`sslrootcert`), PEM.
    pub root_certificates: Option<PathBuf>,
    /// This client's certificate and its key (`sslcert`, `sslkey`), PEM.
    pub client_certificate: Option<PathBuf>,
    pub client_key: Option<PathBuf>,
}

/// libpq's `sslmode` values (`allow` is read as `prefer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl TlsSettings {
    /// Whether the connection goes through a TLS connector at all.
    pub fn wants_tls(&self) -> bool {
        self.mode != SslMode::Disable
    }
}

/// Takes the TLS settings out of a `postgres://` URL: the settings, and the
/// URL as the driver reads it (`sslmode` one of its three, no
/// `sslrootcert`). An unknown `sslmode` is an error naming the ones known.
pub fn split(url: &str) -> Result<(String, TlsSettings), String> {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let mut settings = TlsSettings {
        mode: SslMode::Prefer,
        root_certificates: None,
        client_certificate: None,
        client_key: None,
    };
    let mut kept = Vec::new();
    for pair in query.into_iter().flat_map(|query| query.split('&')) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "sslmode" => {
                settings.mode = match percent_decoded(value).as_str() {
                    "disable" => SslMode::Disable,
                    "allow" | "prefer" => SslMode::Prefer,
                    "require" => SslMode::Require,
                    "verify-ca" => SslMode::VerifyCa,
                    "verify-full" => SslMode::VerifyFull,
                    other => {
                        return Err(format!(
                            "`sslmode={other}` is not one of disable, allow, prefer, require, \
                             verify-ca, verify-full"
                        ));
                    }
                };
            }
            "sslrootcert" => settings.root_certificates = Some(PathBuf::from(percent_decoded(value))),
            "sslcert" => settings.client_certificate = Some(PathBuf::from(percent_decoded(value))),
            "sslkey" => settings.client_key = Some(PathBuf::from(percent_decoded(value))),
            _ => kept.push(pair),
        }
    }
    // The driver checks nothing itself: the connector does (below).
    kept.push(match settings.mode {
        SslMode::Disable => "sslmode=disable",
        SslMode::Prefer => "sslmode=prefer",
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => "sslmode=require",
    });
    Ok((format!("{base}?{}", kept.join("&")), settings))
}

/// The connector for `settings`: what it checks of the server's
/// certificate follows the mode, as above.
pub fn connector(settings: &TlsSettings) -> Result<MakeTlsConnector, String> {
    let mut builder = TlsConnector::builder();
    if let Some(path) = &settings.root_certificates {
        let text = read_pem(path, "sslrootcert")?;
        let certificates =
            pem_certificates(&text).map_err(|error| format!("`sslrootcert` {}: {error}", path.display()))?;
        // As libpq: the file's authorities are the only ones trusted.
        builder.disable_built_in_roots(true);
        for certificate in certificates {
            builder.add_root_certificate(certificate);
        }
    }
    match (&settings.client_certificate, &settings.client_key) {
        (Some(certificate), Some(key)) => {
            let identity =
                Identity::from_pkcs8(&read_pem(certificate, "sslcert")?, &read_pem(key, "sslkey")?).map_err(
                    |error| {
                        format!(
                            "`sslcert` {} with `sslkey` {}: {error} (the key must be PEM, PKCS#8: \
                         `-----BEGIN PRIVATE KEY-----`; `openssl pkcs8 -topk8 -nocrypt` converts one)",
                            certificate.display(),
                            key.display()
                        )
                    },
                )?;
            builder.identity(identity);
        }
        (None, None) => {}
        (Some(_), None) => return Err("`sslcert` is given without its `sslkey`".into()),
        (None, Some(_)) => return Err("`sslkey` is given without its `sslcert`".into()),
    }
    let (check_authority, check_host) = match settings.mode {
        SslMode::Disable | SslMode::Prefer => (false, false),
        SslMode::Require => (settings.root_certificates.is_some(), false),
        SslMode::VerifyCa => (true, false),
        SslMode::VerifyFull => (true, true),
    };
    builder.danger_accept_invalid_certs(!check_authority);
    builder.danger_accept_invalid_hostnames(!check_host);
    let connector = builder
        .build()
        .map_err(|error| format!("cannot set up TLS: {error}"))?;
    Ok(MakeTlsConnector::new(connector))
}

/// The largest certificate or key file read: a bundle of every public
/// authority is under 300 KB.
const MAX_PEM_BYTES: u64 = 4 << 20;

/// Reads the PEM file the URL's `key` names. Only a regular file of a
/// sane size: a named pipe would hold the connection forever and
/// `/dev/zero` fill memory.
fn read_pem(path: &Path, key: &str) -> Result<Vec<u8>, String> {
    let cannot = |reason: String| format!("cannot read `{key}` {}: {reason}", path.display());
    if let Some(kind) = crate::input::not_regular(path) {
        return Err(cannot(format!("it is {kind}; name a regular PEM file")));
    }
    let file = std::fs::File::open(path).map_err(|error| cannot(error.to_string()))?;
    let mut bytes = Vec::new();
    file.take(MAX_PEM_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| cannot(error.to_string()))?;
    if bytes.len() as u64 > MAX_PEM_BYTES {
        return Err(cannot(format!(
            "it is larger than {} MB, more than any certificate or key",
            MAX_PEM_BYTES >> 20
        )));
    }
    Ok(bytes)
}

/// Every certificate of a PEM file (a bundle may hold several).
fn pem_certificates(text: &[u8]) -> Result<Vec<Certificate>, String> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let text = std::str::from_utf8(text).map_err(|_| "not a PEM file (it is not text)".to_owned())?;
    let mut certificates = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let Some(length) = rest[start..].find(END) else {
            return Err("a certificate has no END line".into());
        };
        let block = &rest[start..start + length + END.len()];
        certificates.push(Certificate::from_pem(block.as_bytes()).map_err(|error| error.to_string())?);
        rest = &rest[start + length + END.len()..];
    }
    if certificates.is_empty() {
        return Err("no certificate in it (PEM, `-----BEGIN CERTIFICATE-----`)".into());
    }
    Ok(certificates)
}

/// A URL query value with its `%XX` escapes decoded (a path with spaces).
fn percent_decoded(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let escape = (bytes[at] == b'%')
            .then(|| value.get(at + 1..at + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escape {
            Some(byte) => {
                decoded.push(byte);
                at += 3;
            }
            None => {
                decoded.push(bytes[at]);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{SslMode, split};

    #[test]
    fn libpq_modes_are_read_and_the_driver_gets_a_url_it_knows() {
        let (url, settings) = split("postgres://ann@db.example/aidquiz").unwrap();
        assert_eq!(url, "postgres://ann@db.example/aidquiz?sslmode=prefer");
        assert_eq!(
            (settings.mode, settings.root_certificates),
            (SslMode::Prefer, None)
        );

        let (url, settings) = split(
            "postgres://ann@db.example:6543/aidquiz?connect_timeout=3&sslmode=verify-full\
             &sslrootcert=/etc/ssl/my%20ca.pem&sslcert=ann.crt&sslkey=ann.key",
        )
        .unwrap();
        assert_eq!(
            url,
            "postgres://ann@db.example:6543/aidquiz?connect_timeout=3&sslmode=require"
        );
        assert_eq!(settings.mode, SslMode::VerifyFull);
        assert_eq!(
            settings.root_certificates.unwrap().to_str(),
            Some("/etc/ssl/my ca.pem")
        );
        assert_eq!(settings.client_certificate.unwrap().to_str(), Some("ann.crt"));
        assert_eq!(settings.client_key.unwrap().to_str(), Some("ann.key"));

        for (given, mode) in [
            ("disable", SslMode::Disable),
            ("allow", SslMode::Prefer),
            ("require", SslMode::Require),
            ("verify-ca", SslMode::VerifyCa),
        ] {
            let (_, settings) = split(&format!("postgres://db/x?sslmode={given}")).unwrap();
            assert_eq!(settings.mode, mode, "{given}");
        }
        let wrong = split("postgres://db/x?sslmode=always").unwrap_err();
        assert!(
            wrong.contains("`sslmode=always`") && wrong.contains("verify-full"),
            "{wrong}"
        );
    }
}
