//! `tl-codegen decode --schema FILE... [--type T] [HEX]`: decode bytes with the schema at run
//! time and print them as JSON ([`crate::dynamic`]).

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Output;
use super::docs::load_groups;
use crate::dynamic::{Decoder, parse_hex};

/// Arguments of `decode`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// Schema files (separate schemas, as in `schema/*.tl`, are searched in order). A value that
    /// is not an existing file but is hex is taken as HEX.
    #[arg(long = "schema", required = true, num_args = 1.., value_name = "FILE")]
    pub schema: Vec<PathBuf>,
    /// The boxed type, constructor or function expected (`auth.SentCode`, `auth.sentCode`,
    /// `Vector<long>`); without it the bytes must start with a known constructor id.
    #[arg(long = "type", value_name = "T")]
    pub expected: Option<String>,
    /// Indent the JSON.
    #[arg(long)]
    pub pretty: bool,
    /// The bytes in hex (whitespace allowed); read from standard input when absent.
    #[arg(value_name = "HEX")]
    pub hex: Vec<String>,
}

/// Hex digits and whitespace (odd lengths too: `parse_hex` explains what is wrong).
fn looks_like_hex(text: &str) -> bool {
    text.split_ascii_whitespace().next().is_some()
        && text.split_ascii_whitespace().all(|word| {
            let word = word.strip_prefix("0x").unwrap_or(word);
            !word.is_empty() && word.chars().all(|c| c.is_ascii_hexdigit())
        })
}

/// Up to 8 bytes either side of `offset`: `… 07000000 | 05000000 …`.
fn context(bytes: &[u8], offset: usize) -> String {
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let start = offset.saturating_sub(8).min(bytes.len());
    let at = offset.min(bytes.len());
    let end = offset.saturating_add(8).min(bytes.len());
    format!(
        "{}{} | {}{}",
        if start > 0 { "… " } else { "" },
        hex(&bytes[start..at]),
        hex(&bytes[at..end]),
        if end < bytes.len() { " …" } else { "" }
    )
}

pub(super) fn run(args: &DecodeArgs, output: &mut Output<'_>) -> std::io::Result<ExitCode> {
    // `--schema a.tl b.tl 1f040578…` takes the hex as a schema file: give it back.
    let mut files = args.schema.clone();
    let mut words = args.hex.clone();
    if words.is_empty() {
        while files.len() > 1
            && files
                .last()
                .is_some_and(|f| !f.exists() && f.to_str().is_some_and(looks_like_hex))
        {
            if let Some(word) = files.pop() {
                words.push(word.display().to_string());
            }
        }
        words.reverse();
    }
    let text = if words.is_empty() {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        text
    } else {
        words.join(" ")
    };
    let bytes = match parse_hex(&text) {
        Ok(bytes) => bytes,
        Err(e) => {
            writeln!(output.err, "error: invalid hex: {e}")?;
            return Ok(ExitCode::FAILURE);
        }
    };
    let Some(groups) = load_groups(&files, output)? else {
        return Ok(ExitCode::FAILURE);
    };
    let schemas: Vec<&tl_parser::Schema> = groups.iter().map(|g| &g.parsed.schema).collect();
    let decoder = Decoder::new(&schemas);
    match decoder.decode(&bytes, args.expected.as_deref()) {
        Ok(value) => {
            let json = if args.pretty {
                value.to_json_pretty()
            } else {
                value.to_json()
            };
            writeln!(output.out, "{json}")?;
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            writeln!(output.err, "error: {error}")?;
            if let Some(offset) = error.offset() {
                writeln!(
                    output.err,
                    "  byte {offset} of {}: {}",
                    bytes.len(),
                    context(&bytes, offset)
                )?;
            }
            Ok(ExitCode::FAILURE)
        }
    }
}
