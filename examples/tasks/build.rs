fn main() -> Result<(), ormgen::BuildError> {
    ormgen::Builder::new()
        .schema("schema.models")
        .backend(ormgen::Backend::TokioPostgres)
        .serde(true)
        .compile()?;
    Ok(())
}
