//! `tlforge dump FILE...`: the validated schema as JSON, one declaration per line:
//! `{"layer": 230, "definitions": [{"name", "id", "kind", "type_params": [{"name", "type"}],
//! "params": [{"name", "type"}], "type"}]}`; or, with `--format telegram-json`, in the format
//! Telegram publishes its schema in (core.telegram.org/schema/json).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde_json::{Value, json};
use tlforge_parser::{Category, Definition, ParameterKind, Schema, TypeParamKind};

use super::{Output, load_schema};

/// Arguments of `dump`.
#[derive(Debug, Args)]
#[command(after_help = super::FILES_RULE)]
pub struct DumpArgs {
    /// Schema files, read together (types may be declared in any of them).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// `json`: every declaration with its unsigned id, kind, type parameters and parameters;
    /// `telegram-json`: `{"constructors": [...], "methods": [...]}` as core.telegram.org/schema/json
    /// publishes it (signed decimal ids as strings, `predicate`/`method`, `params` of
    /// `{name, type}`), for tools that read that format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: DumpFormat,
    #[command(flatten)]
    pub allow: super::AllowArgs,
}

/// Output formats of `dump`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    /// This project's shape.
    Json,
    /// Telegram's published JSON schema.
    TelegramJson,
}

pub(super) fn run(args: &DumpArgs, output: &mut Output<'_>) -> std::io::Result<ExitCode> {
    let Some((_, parsed)) = load_schema(&args.files, &args.allow, output)? else {
        return Ok(ExitCode::FAILURE);
    };
    let text = match args.format {
        DumpFormat::Json => to_json(&parsed.schema),
        DumpFormat::TelegramJson => telegram_json(&parsed.schema),
    };
    output.out.write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Telegram's JSON schema: the definitions written on the wire (not `int ? = Int;` or
/// repetitions), ids as signed decimal strings, `{X:Type}` left out (a parameter `query:!X` says
/// it), and a generic result written as its parameter (vector's `"type": "t"`), as in
/// core.telegram.org/schema/json.
pub fn telegram_json(schema: &Schema) -> String {
    let (mut constructors, mut methods) = (Vec::new(), Vec::new());
    for def in &schema.definitions {
        if def.builtin_mark || def.repetition().is_some() {
            continue;
        }
        let params: Vec<Value> = def
            .params
            .iter()
            // `# [ t ]` of vector's builtin line: unnamed, and not in Telegram's JSON.
            .filter(|p| !p.name.is_empty() && !matches!(p.kind, ParameterKind::Repeated { .. }))
            .map(|p| json!({"name": p.name, "type": p.type_text()}))
            .collect();
        let result = match &def.result.generic_arg {
            Some(arg)
                if arg.type_param || def.type_params.iter().any(|t| t.name == arg.name.name) =>
            {
                arg.to_string()
            }
            _ => def.result.to_string(),
        };
        let id = (def.id as i32).to_string();
        match def.category {
            Category::Constructor => constructors.push(json!({
                "id": id, "predicate": def.name.to_string(), "params": params, "type": result,
            })),
            Category::Function => methods.push(json!({
                "id": id, "method": def.name.to_string(), "params": params, "type": result,
            })),
        }
    }
    let mut text = json!({"constructors": constructors, "methods": methods}).to_string();
    text.push('\n');
    text
}

/// The JSON text of `schema`: every declaration, builtin lines included, ids unsigned; one
/// definition per line.
pub fn to_json(schema: &Schema) -> String {
    let mut out = format!(
        "{{\"layer\": {}, \"definitions\": [\n",
        crate::json::line(&schema.layer)
    );
    for (i, def) in schema.definitions.iter().enumerate() {
        out.push_str(&crate::json::line(&DefinitionJson::new(def)));
        out.push_str(if i + 1 < schema.definitions.len() {
            ",\n"
        } else {
            "\n"
        });
    }
    out.push_str("]}\n");
    out
}

/// One definition in [`to_json`], fields in this order.
#[derive(serde::Serialize)]
struct DefinitionJson<'a> {
    name: String,
    id: u32,
    kind: &'static str,
    type_params: Vec<NameType<'a>>,
    params: Vec<NameType<'a>>,
    #[serde(rename = "type")]
    result: String,
}

#[derive(serde::Serialize)]
struct NameType<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    ty: std::borrow::Cow<'a, str>,
}

impl<'a> DefinitionJson<'a> {
    fn new(def: &'a Definition) -> Self {
        DefinitionJson {
            name: def.name.to_string(),
            id: def.id,
            kind: def.category.as_str(),
            type_params: def
                .type_params
                .iter()
                .map(|t| NameType {
                    name: &t.name,
                    ty: match t.kind {
                        TypeParamKind::Type => "Type".into(),
                        TypeParamKind::Nat => "#".into(),
                    },
                })
                .collect(),
            params: def
                .params
                .iter()
                .map(|p| NameType {
                    name: &p.name,
                    ty: p.type_text().into(),
                })
                .collect(),
            result: def.result.to_string(),
        }
    }
}
