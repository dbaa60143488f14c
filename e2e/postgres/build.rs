//! The build.rs way, for the PostgreSQL backend: the same fixture as one
//! file in `$OUT_DIR`, included by `src/lib.rs` as `built`.

fn main() -> Result<(), ormgen::BuildError> {
    ormgen::Builder::new()
        .schema("../../fixtures/valid/everything.models")
        .backend(ormgen::Backend::Postgres)
        .compile()?;
    Ok(())
}
