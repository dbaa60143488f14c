//! The build.rs way, for the PostgreSQL backend: the same fixture as one
//! file in `$OUT_DIR`, included by `src/lib.rs` as `built`; and the shop's
//! second schema with its migrations folder, as `built_shop`.

fn main() -> Result<(), ormgen::BuildError> {
    ormgen::Builder::new()
        .schema("../../fixtures/valid/everything.models")
        .backend(ormgen::Backend::Postgres)
        .compile()?;
    ormgen::Builder::new()
        .schema("../../fixtures/migrations/shop_v2.models")
        .migrations("../../fixtures/migrations/v2")
        .backend(ormgen::Backend::Postgres)
        .file_name("shop")
        .compile()?;
    Ok(())
}
