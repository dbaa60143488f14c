//! The one file the build script writes, in a binary that uses none of it:
//! it compiles without a single warning (`#![deny(warnings)]`).
#![deny(warnings)]

mod models {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

fn main() {}
