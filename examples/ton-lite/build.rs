//! Generates TON's lite-server API (schema/lite_api.tl) into OUT_DIR: the route for any schema
//! that is not bundled (TON, TDLib, a private API). src/lib.rs `include!`s the result.

// `main` returns the error: a schema error fails the build with its file:line:col diagnostics
// as they are (`Error: invalid TL schema: …`), not wrapped in a panic message.
fn main() -> Result<(), tlforge_codegen::Error> {
    tlforge_codegen::Config::new()
        // Two explicit ids of TON's file that its text does not reproduce; TON sends them as
        // written (schema/SOURCE.md). Accepted by name, every other warning fails the build.
        .allow_id_mismatch("liteServer.transactionId")
        .allow_id_mismatch("liteServer.getValidatorStats")
        .deny_warnings(true)
        // TON's `string` fields hold arbitrary bytes: `Vec<u8>`, not `String`.
        .strings_as_bytes(true)
        // Block ids and hashes as keys of maps and sets.
        .eq_hash(true)
        .output_file("lite_api.rs")
        .compile(&["schema/lite_api.tl"])
}
