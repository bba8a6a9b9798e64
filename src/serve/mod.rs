//! `aidquiz serve`: the course in a browser, for learners and the
//! instructor's room. One more edge beside the terminal: handlers read the
//! form, call the same session state machine and store, and render HTML
//! that works without JavaScript.

mod app;
mod assets;
mod instructor;
mod layout;
mod media;
mod question;
mod quiz;
mod sessions;
mod study;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::bank::BankPaths;
use crate::clock::SystemClock;
use crate::commands::{Output, bank_refs, load_clean_banks, open_store};
use crate::error::Error;

pub use self::app::App;

/// `serve`'s options, checked.
pub struct ServeOptions {
    pub paths: BankPaths,
    pub store: PathBuf,
    pub listen: SocketAddr,
    /// The instructor's password; `None` turns the instructor pages off.
    pub instructor_password: Option<String>,
}

/// The largest request body taken: a quiz answer form is a few hundred bytes.
pub const BODY_LIMIT: usize = 16 * 1024;

/// The policy every response carries: scripts and styles from this server
/// only (no inline script), no framing, nothing sent to other sites.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Connections to a PostgreSQL store: requests beyond this wait for one
/// (each request holds one for a few milliseconds).
const POSTGRES_CONNECTIONS: usize = 8;

/// Blocking threads beside those holding a connection, for reading
/// pictures (which should not queue behind the store).
const PICTURE_THREADS: usize = 4;

pub fn run(options: &ServeOptions, output: &mut Output<'_>) -> Result<(), Error> {
    let catalog = load_clean_banks(&options.paths, output)?;
    let mut stores = vec![open_store(&options.store, output.diagnostics)?];
    if stores[0].is_postgres() {
        for _ in 1..POSTGRES_CONNECTIONS {
            stores.push(open_store(&options.store, output.diagnostics)?);
        }
    }
    // Every store call runs on a blocking thread holding one of the
    // connections; more threads than connections would only wait for one,
    // each keeping its own allocator heap (hundreds of threads under a
    // class of learners).
    let blocking_threads = stores.len() + PICTURE_THREADS;
    let app = Arc::new(App::new(
        &catalog,
        bank_refs(&catalog),
        stores,
        Box::new(SystemClock),
        options.instructor_password.clone(),
    ));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(blocking_threads)
        .enable_all()
        .build()
        .map_err(Error::Output)?;
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(options.listen)
            .await
            .map_err(|source| Error::Input(format!("cannot listen on {}: {source}", options.listen)))?;
        let address = listener.local_addr().map_err(Error::Output)?;
        // Scripts and tests read this line to find the port.
        writeln!(output.out, "Listening on http://{address}/")?;
        output.out.flush()?;
        tokio::spawn(end_overdue_attempts(Arc::clone(&app)));
        // The client's address is kept for the room-code guess limit.
        let service = router(Arc::clone(&app)).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, service)
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(Error::Output)
    });
    // The runtime goes first, and the store's connections with the last
    // handle, here: a PostgreSQL connection closes by blocking on its own
    // runtime, which tokio forbids on a thread of this one.
    drop(runtime);
    drop(app);
    served?;
    // Requests in flight have been answered, so their answers are saved;
    // open attempts stay open and resume on the next start.
    writeln!(output.diagnostics, "aidquiz serve: stopped")?;
    Ok(())
}

/// Every route, with the security headers and the body limit.
pub fn router(app: Arc<App>) -> Router {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    Router::new()
        .merge(quiz::routes())
        .merge(study::routes())
        .merge(assets::routes())
        .merge(media::routes())
        .merge(instructor::routes())
        .fallback(layout::not_found)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            instructor::note_view,
        ))
        .with_state(app)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(header(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::CACHE_CONTROL, "no-store"))
}

/// How often attempts past their deadline with no page open are ended.
const OVERDUE_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

/// Ends overdue attempts now (those left open by an earlier run too) and
/// then every [`OVERDUE_EVERY`], for as long as the server runs.
async fn end_overdue_attempts(app: Arc<App>) {
    let mut every = tokio::time::interval(OVERDUE_EVERY);
    loop {
        every.tick().await;
        if let Err(error) = app.with_store(|app, store| app.end_overdue(store)).await {
            eprintln!("aidquiz serve: ending overdue attempts: {}", error.message);
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
