//! The `tl-codegen` command; everything lives in `tl_codegen_cli::cli`.

use std::process::ExitCode;

fn main() -> ExitCode {
    tl_codegen_cli::cli::run()
}
