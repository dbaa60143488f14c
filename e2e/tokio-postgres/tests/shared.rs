//! The tests every backend shares (`e2e/shared/`), on the async backend,
//! against a real PostgreSQL that this binary starts from Debian's
//! binaries. build.rs copies them with `.block()` after each generated
//! call and each test a multi-threaded tokio test: every generated `async
//! fn` runs on tokio, awaited to its end. Without PostgreSQL the tests
//! say so loudly and pass, unless `ORMGEN_REQUIRE_PG=1`.
// Blocking on the runtime is what `.block()` is for.
#![allow(clippy::unnecessary_mut_passed)]

#[allow(dead_code)]
#[path = "../../../tests/common/pg.rs"]
mod pg;
#[path = "../../../tests/common/server.rs"]
mod server;
#[macro_use]
mod support;

use ormgen_e2e_tokio_postgres as e2e;
use support::*;

mod crud {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/shared/crud.rs"));
}

mod accessors {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/shared/accessors.rs"));
}

mod hostile_names {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/shared/hostile_names.rs"));
}

mod defaults {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/shared/defaults.rs"));
}

mod queries {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/shared/queries.rs"));
}

include!(concat!(env!("OUT_DIR"), "/shared/loaders.rs"));

include!(concat!(env!("OUT_DIR"), "/shared/junctions.rs"));

include!(concat!(env!("OUT_DIR"), "/shared/migrations.rs"));

mod atomic {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/shared/atomic.rs"));
}
