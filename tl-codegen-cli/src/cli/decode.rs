//! `tlforge decode --schema FILE... [--type T] [HEX]`: decode bytes with the schema at run
//! time and print them as JSON ([`crate::dynamic`]).

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::docs::load_groups;
use super::{Output, schema_sets};
use crate::dynamic::{Decoder, Value, parse_hex};
use tlforge_codegen::metadata::Metadata;
use tlforge_codegen::rpc_errors::ErrorCatalogue;

/// Arguments of `decode`.
#[derive(Debug, Args)]
#[command(
    after_help = "Files given together are one schema: the comma-separated files of one \
    --schema. Separate schemas (as schema/api.tl and schema/mtproto.tl with its \
    mtproto-envelope.tl: api.tl and mtproto-envelope.tl both declare `message`) go to separate \
    --schema options.\n\nExamples:\n  \
    tlforge decode --schema schema/api.tl 7805041f0b37393939313233343536370661626364656600\n  \
    tlforge decode --schema schema/api.tl --type auth.cancelCode --bare 0b37393939…\n  \
    echo 7805041f… | tlforge decode --schema schema/api.tl \\\n      \
    --schema schema/mtproto.tl,schema/mtproto-envelope.tl"
)]
pub struct DecodeArgs {
    /// A schema: its files, separated by commas, are read together
    /// (`schema/mtproto.tl,schema/mtproto-envelope.tl`). Repeat it for separate schemas, as the
    /// API and MTProto; they are searched in order.
    #[arg(long = "schema", required = true, value_name = "FILES")]
    pub schema: Vec<String>,
    /// The boxed type, constructor or function expected (`auth.SentCode`, `auth.sentCode`,
    /// `Vector<long>`). The bytes still start with the constructor id (boxed), unless --bare is
    /// given; without --type they must start with a known constructor id.
    #[arg(long = "type", value_name = "T")]
    pub expected: Option<String>,
    /// The bytes are the body of the --type constructor or function, without its id.
    #[arg(long, requires = "expected")]
    pub bare: bool,
    /// Indent the JSON.
    #[arg(long)]
    pub pretty: bool,
    /// Documentation JSON with an error catalogue (schema/telegram-docs.json): each
    /// `rpc_error` in the bytes (bare, or in an `rpc_result`) gets a note on standard error
    /// naming its catalogue entry and description.
    #[arg(long, value_name = "FILE")]
    pub metadata: Option<PathBuf>,
    /// The bytes in hex, as an option (the same as the positional HEX).
    #[arg(long = "hex", value_name = "HEX", conflicts_with = "hex")]
    pub hex_option: Option<String>,
    /// The bytes in hex (whitespace allowed), before or after the options; read from standard
    /// input when absent.
    #[arg(value_name = "HEX")]
    pub hex: Vec<String>,
    #[command(flatten)]
    pub allow: super::AllowArgs,
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

/// Every `rpc_error` (code, message) in a decoded value, depth first.
fn rpc_errors<'v>(value: &'v Value, out: &mut Vec<(i64, &'v str)>) {
    match value {
        Value::Object { name, fields } => {
            if name == "rpc_error" {
                let code = fields.iter().find_map(|(k, v)| match (k.as_str(), v) {
                    ("error_code", Value::Int(code)) => Some(*code),
                    _ => None,
                });
                let message = fields.iter().find_map(|(k, v)| match (k.as_str(), v) {
                    ("error_message", Value::String(message)) => Some(message.as_str()),
                    _ => None,
                });
                if let (Some(code), Some(message)) = (code, message) {
                    out.push((code, message));
                }
            }
            for (_, field) in fields {
                rpc_errors(field, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| rpc_errors(item, out)),
        _ => {}
    }
}

/// `note: rpc_error 420 FLOOD_WAIT_30 is FLOOD_WAIT_%d …`: the catalogue entry a message is,
/// matched as generated `errors::Error` matches it (by name, a number where it has `%d`).
fn rpc_error_note(metadata: &Metadata, code: i64, message: &str) -> String {
    let Some(catalogue) = ErrorCatalogue::new(metadata) else {
        return format!("note: rpc_error {code} {message}: the metadata has no error catalogue");
    };
    let (plain, numbered) = catalogue.partition();
    let entry = plain
        .into_iter()
        .find(|e| e.error.name == message)
        .or_else(|| {
            numbered.into_iter().find(|e| {
                let (before, after) = e.number.unwrap_or_default();
                tlforge_runtime::error_number(message, before, after).is_some()
            })
        });
    let Some(entry) = entry else {
        return format!("note: rpc_error {code} {message} is not in the error catalogue");
    };
    let error = entry.error;
    let codes: Vec<String> = error.codes.iter().map(i32::to_string).collect();
    let mut note = format!(
        "note: rpc_error {code} {message} is `{}` (codes {}; errors::Error::{})",
        error.name,
        codes.join(", "),
        entry.variant
    );
    if let Some(description) = &error.description {
        note.push_str(&format!(": {description}"));
    }
    if error.global {
        note.push_str(" (any method may return it)");
    } else if !error.methods.is_empty() {
        note.push_str(&format!(" (documented for {})", error.methods.join(", ")));
    }
    note
}

pub(super) fn run(args: &DecodeArgs, output: &mut Output<'_>) -> std::io::Result<ExitCode> {
    let sets = schema_sets(&args.schema);
    if let Some(file) = sets
        .iter()
        .flatten()
        .find(|f| !f.exists() && f.to_str().is_some_and(looks_like_hex))
    {
        writeln!(
            output.err,
            "error: --schema {} is not a file but looks like hex: give the bytes as HEX (after \
             the options or before them) or --hex",
            file.display()
        )?;
        return Ok(ExitCode::from(2));
    }
    let mut words = args.hex.clone();
    words.extend(args.hex_option.clone());
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
    let Ok(metadata) = super::load_metadata(args.metadata.as_deref(), output)? else {
        return Ok(ExitCode::FAILURE);
    };
    let Some((groups, _)) = load_groups(&sets, &args.allow, output)? else {
        return Ok(ExitCode::FAILURE);
    };
    let schemas: Vec<&tlforge_parser::Schema> = groups.iter().map(|g| &g.parsed.schema).collect();
    let decoder = Decoder::new(&schemas);
    let decoded = match (&args.expected, args.bare) {
        (Some(name), true) => decoder.decode_bare(&bytes, name),
        (expected, _) => decoder.decode(&bytes, expected.as_deref()),
    };
    match decoded {
        Ok(value) => {
            let json = if args.pretty {
                value.to_json_pretty()
            } else {
                value.to_json()
            };
            writeln!(output.out, "{json}")?;
            if let Some(metadata) = &metadata {
                let mut errors = Vec::new();
                rpc_errors(&value, &mut errors);
                for (code, message) in errors {
                    writeln!(output.err, "{}", rpc_error_note(metadata, code, message))?;
                }
            }
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
