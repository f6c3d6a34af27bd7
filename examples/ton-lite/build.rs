//! Generates TON's lite-server API (schema/lite_api.tl) into OUT_DIR: the route for any schema
//! that is not bundled (TON, TDLib, a private API). src/lib.rs `include!`s the result.

fn main() {
    let result = tl_codegen::Config::new()
        .output_file("lite_api.rs")
        .compile(&["schema/lite_api.tl"]);
    if let Err(error) = result {
        // A readable build error (file:line:col diagnostics), not a panic backtrace.
        eprintln!("{error}");
        std::process::exit(1);
    }
}
