//! A throwaway PostgreSQL server for tests, from Debian's binaries
//! (`/usr/lib/postgresql/<version>/bin`, outside PATH): `initdb` in a
//! temporary directory, `postgres` on a free loopback port, stopped when
//! the value is dropped. Run as the `postgres` user (or `nobody`) when the
//! tests run as root, since PostgreSQL refuses to run as root.
//!
//! No binaries: [`PgServer::start`] returns `None` after a loud message,
//! unless `ORMGEN_REQUIRE_PG=1`, which makes that a test failure.

use crate::server::{free_port, is_root};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

pub struct PgServer {
    child: Child,
    pub port: u16,
    data: PathBuf,
    dir: tempfile::TempDir,
}

fn bin_dir() -> Option<PathBuf> {
    let mut dirs: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    dirs.sort();
    dirs.pop().map(|(_, d)| d)
}

/// The unprivileged user to run PostgreSQL as, when we are root.
fn run_as() -> Option<String> {
    if !is_root() {
        return None;
    }
    for user in ["postgres", "nobody"] {
        if Command::new("id")
            .arg(user)
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(user.to_string());
        }
    }
    None
}

fn command(user: &Option<String>, program: &Path) -> Command {
    match user {
        Some(u) => {
            let mut c = Command::new("runuser");
            c.args(["-u", u, "--"]).arg(program);
            c
        }
        None => Command::new(program),
    }
}

impl PgServer {
    pub fn start() -> Option<PgServer> {
        let required = std::env::var("ORMGEN_REQUIRE_PG").is_ok_and(|v| v == "1");
        let Some(bin) = bin_dir() else {
            assert!(
                !required,
                "ORMGEN_REQUIRE_PG=1 but no PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)"
            );
            eprintln!(
                "\n*** SKIPPED: PostgreSQL is not installed (apt-get install postgresql); its tests did not run ***\n"
            );
            return None;
        };
        let user = run_as();
        let dir = tempfile::Builder::new()
            .prefix("ormgen-pg-")
            .tempdir()
            .expect("temp dir");
        let data = dir.path().join("data");
        let socket = dir.path().join("socket");
        std::fs::create_dir(&socket).unwrap();
        if let Some(u) = &user {
            let status = Command::new("chown")
                .arg("-R")
                .arg(u)
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(status.success(), "chown of the temporary directory failed");
        }
        let out = command(&user, &bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args([
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ])
            .output()
            .expect("initdb runs");
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = free_port();
        let child = command(&user, &bin.join("postgres"))
            .arg("-D")
            .arg(&data)
            .arg("-p")
            .arg(port.to_string())
            .arg("-k")
            .arg(&socket)
            .args([
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
            ])
            .args(["-c", "full_page_writes=off", "-c", "max_connections=20"])
            // Each line of the log names the process it is about, so
            // that a test can count one connection's statements.
            .args(["-c", "log_line_prefix=[%p] "])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("server.log")).expect("log file"))
            .spawn()
            .expect("postgres starts");
        let server = PgServer {
            child,
            port,
            data,
            dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while server.connect("postgres").is_err() {
            assert!(
                Instant::now() < deadline,
                "PostgreSQL did not accept connections within 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(server)
    }

    pub fn connect(&self, db: &str) -> Result<postgres::Client, postgres::Error> {
        connect(self.port, db)
    }

    /// The server's log: a line per event, `[pid] ` first.
    #[allow(dead_code)]
    pub fn log(&self) -> PathBuf {
        self.dir.path().join("server.log")
    }

    /// A new, empty database.
    pub fn database(&self, name: &str) -> postgres::Client {
        let mut admin = self.connect("postgres").unwrap();
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\""))
            .unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .unwrap();
        self.connect(name).unwrap()
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        // SIGINT is PostgreSQL's fast shutdown. The postmaster's own pid is
        // in its pid file (the child may be `runuser`, which passes no signal).
        let pid = std::fs::read_to_string(self.data.join("postmaster.pid"))
            .ok()
            .and_then(|s| s.lines().next().map(str::to_string))
            .unwrap_or_else(|| self.child.id().to_string());
        crate::server::stop(&mut self.child, &pid, "-INT", Duration::from_secs(10));
    }
}

/// A client of database `db` on the server listening on `port`.
pub fn connect(port: u16, db: &str) -> Result<postgres::Client, postgres::Error> {
    postgres::Client::connect(
        &format!("host=127.0.0.1 port={port} user=postgres dbname={db}"),
        postgres::NoTls,
    )
}

/// The server a whole test binary shares: started on first use, stopped
/// at exit (statics are never dropped).
static SHARED: Mutex<Option<PgServer>> = Mutex::new(None);
static SHARED_PORT: OnceLock<Option<u16>> = OnceLock::new();

unsafe extern "C" {
    fn atexit(callback: extern "C" fn()) -> std::ffi::c_int;
}

extern "C" fn stop_shared() {
    if let Ok(mut server) = SHARED.lock() {
        server.take();
    }
}

/// The port of the test binary's shared server (`None`: no PostgreSQL,
/// after [`PgServer::start`]'s loud message). It is started on a thread of
/// its own, outside any async runtime (its readiness check uses the
/// synchronous client, which runs a runtime of its own).
#[allow(dead_code)]
pub fn shared_port() -> Option<u16> {
    *SHARED_PORT.get_or_init(|| {
        let server = std::thread::spawn(PgServer::start).join().unwrap()?;
        let port = server.port;
        *SHARED.lock().unwrap() = Some(server);
        // SAFETY: `stop_shared` is a plain function that stays valid for
        // the life of the process.
        unsafe { atexit(stop_shared) };
        Some(port)
    })
}

/// The shared server's log (see [`PgServer::log`]).
#[allow(dead_code)]
pub fn shared_log() -> PathBuf {
    SHARED.lock().unwrap().as_ref().expect("started").log()
}
