//! What the throwaway database servers of the tests share.

use std::process::{Child, Command};
use std::time::{Duration, Instant};

pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// A loopback port nothing listens on right now.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("its address").port()
}

/// Sends `signal` to `pid`, waits up to `grace` for `child` to end, then
/// kills it.
pub fn stop(child: &mut Child, pid: &str, signal: &str, grace: Duration) {
    let _ = Command::new("kill").args([signal, pid]).status();
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}
