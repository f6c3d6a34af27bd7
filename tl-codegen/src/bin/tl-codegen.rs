//! The `tl-codegen` command; everything lives in `tl_codegen::cli`.

use std::process::ExitCode;

fn main() -> ExitCode {
    tl_codegen::cli::run()
}
