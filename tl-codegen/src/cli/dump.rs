//! `tl-codegen dump FILE...`: the validated schema as JSON, one declaration per line:
//! `{"layer": 222, "definitions": [{"name", "id", "kind", "params": [{"name", "type"}], "type"}]}`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tl_parser::{Definition, Schema};

use super::{Output, load_schema};

/// Arguments of `dump`.
#[derive(Debug, Args)]
pub struct DumpArgs {
    /// Schema files, read together (types may be declared in any of them).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

pub(super) fn run(args: &DumpArgs, output: &mut Output<'_>) -> std::io::Result<ExitCode> {
    let Some((_, parsed)) = load_schema(&args.files, output)? else {
        return Ok(ExitCode::FAILURE);
    };
    output.out.write_all(to_json(&parsed.schema).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The JSON text of `schema`: every declaration, builtin lines included, ids unsigned.
pub fn to_json(schema: &Schema) -> String {
    let layer = schema
        .layer
        .map_or_else(|| "null".to_owned(), |l| l.to_string());
    let mut out = format!("{{\"layer\": {layer}, \"definitions\": [\n");
    for (i, def) in schema.definitions.iter().enumerate() {
        out.push_str(&definition_json(def));
        out.push_str(if i + 1 < schema.definitions.len() {
            ",\n"
        } else {
            "\n"
        });
    }
    out.push_str("]}\n");
    out
}

fn definition_json(def: &Definition) -> String {
    let params: Vec<String> = def
        .params
        .iter()
        .map(|p| {
            format!(
                "{{\"name\": {}, \"type\": {}}}",
                string(&p.name),
                string(&p.type_text())
            )
        })
        .collect();
    format!(
        "{{\"name\": {}, \"id\": {}, \"kind\": \"{}\", \"params\": [{}], \"type\": {}}}",
        string(&def.name.to_string()),
        def.id,
        def.category.as_str(),
        params.join(", "),
        string(&def.result.to_string())
    )
}

/// A JSON string literal (serde_json does the escaping).
fn string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}
