//! A throwaway MariaDB (or MySQL) server for tests, from Debian's
//! `mariadb-server` package: `mariadb-install-db` into a temporary
//! directory, `mariadbd` on a free loopback port, stopped when dropped.
//!
//! No binaries: [`MariaDb::start`] returns `None` after a loud message,
//! unless `ORMGEN_REQUIRE_MYSQL=1`, which makes that a test failure.

use crate::server::{free_port, is_root};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct MariaDb {
    child: Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

fn find(names: &[&str]) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    dirs.extend(["/usr/sbin", "/usr/bin", "/usr/local/bin"].map(PathBuf::from));
    names
        .iter()
        .flat_map(|n| dirs.iter().map(move |d| d.join(n)))
        .find(|p| p.is_file())
}

fn arg(name: &str, path: &Path) -> String {
    format!("--{name}={}", path.display())
}

impl MariaDb {
    pub fn start() -> Option<MariaDb> {
        let required = std::env::var("ORMGEN_REQUIRE_MYSQL").is_ok_and(|v| v == "1");
        let (Some(server), Some(install)) = (
            find(&["mariadbd", "mysqld"]),
            find(&["mariadb-install-db", "mysql_install_db"]),
        ) else {
            assert!(
                !required,
                "ORMGEN_REQUIRE_MYSQL=1 but mariadbd is not installed (apt-get install mariadb-server)"
            );
            eprintln!(
                "\n*** SKIPPED: MariaDB is not installed (apt-get install mariadb-server); its tests did not run ***\n"
            );
            return None;
        };
        let dir = tempfile::Builder::new()
            .prefix("ormgen-mariadb-")
            .tempdir()
            .expect("temp dir");
        let data = dir.path().join("data");
        // mariadbd refuses to run as root unless told which user to become.
        let user = if is_root() { Some("mysql") } else { None };
        if let Some(u) = user {
            let _ = Command::new("chown")
                .arg("-R")
                .arg(u)
                .arg(dir.path())
                .status();
        }
        let mut cmd = Command::new(&install);
        cmd.args([
            "--no-defaults",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
        ])
        .arg(arg("datadir", &data));
        if let Some(u) = user {
            cmd.arg(format!("--user={u}"));
        }
        let out = cmd.output().expect("mariadb-install-db runs");
        assert!(
            out.status.success(),
            "mariadb-install-db failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = free_port();
        let mut cmd = Command::new(&server);
        cmd.arg("--no-defaults")
            .arg(arg("datadir", &data))
            .arg(arg("socket", &dir.path().join("mysqld.sock")))
            .arg(arg("pid-file", &dir.path().join("mysqld.pid")))
            .arg(format!("--port={port}"))
            .args([
                "--bind-address=127.0.0.1",
                "--skip-log-bin",
                "--innodb-flush-log-at-trx-commit=0",
            ])
            .args(["--innodb-buffer-pool-size=64M", "--skip-name-resolve"]);
        if let Some(u) = user {
            cmd.arg(format!("--user={u}"));
        }
        let child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("mariadbd starts");
        let db = MariaDb {
            child,
            port,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while db.connect(None).is_err() {
            assert!(
                Instant::now() < deadline,
                "MariaDB did not accept connections within 60 s"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        Some(db)
    }

    pub fn connect(&self, db: Option<&str>) -> Result<mysql::Conn, mysql::Error> {
        let opts = mysql::OptsBuilder::new()
            .ip_or_hostname(Some("127.0.0.1"))
            .tcp_port(self.port)
            .user(Some("root"))
            .db_name(db);
        mysql::Conn::new(opts)
    }

    /// A new, empty database, with double quotes for identifiers as in
    /// standard SQL (the tests' own statements use them).
    pub fn database(&self, name: &str) -> mysql::Conn {
        use mysql::prelude::Queryable;
        let mut admin = self.connect(None).unwrap();
        admin
            .query_drop(format!("DROP DATABASE IF EXISTS `{name}`"))
            .unwrap();
        admin
            .query_drop(format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
            .unwrap();
        let mut conn = self.connect(Some(name)).unwrap();
        conn.query_drop("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')")
            .unwrap();
        conn
    }
}

impl Drop for MariaDb {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        crate::server::stop(&mut self.child, &pid, "-TERM", Duration::from_secs(20));
    }
}
