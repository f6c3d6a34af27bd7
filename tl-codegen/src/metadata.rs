//! Documentation data for a schema, read from JSON (the format of `schema/telegram-docs.json`):
//! descriptions of methods, constructors, types and parameters, possible errors, bot usability.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use tl_parser::{Category, Schema};

/// The whole metadata file. Unknown keys (such as `sources`) are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Metadata {
    /// Layer the names were checked against.
    #[serde(default)]
    pub layer: Option<u32>,
    /// By method (function) TL name: `auth.cancelCode`.
    #[serde(default)]
    pub methods: BTreeMap<String, MethodDoc>,
    /// By constructor TL name: `user`.
    #[serde(default)]
    pub constructors: BTreeMap<String, ConstructorDoc>,
    /// By boxed type TL name: `User`.
    #[serde(default)]
    pub types: BTreeMap<String, TypeDoc>,
}

/// Documentation of one method.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MethodDoc {
    /// One paragraph of plain text.
    #[serde(default)]
    pub description: Option<String>,
    /// Parameter name → description.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    /// Errors the method can return.
    #[serde(default)]
    pub errors: Vec<ErrorDoc>,
    /// Whether bots may call it; `None` when no source says.
    #[serde(default)]
    pub bots: Option<bool>,
}

/// One possible error of a method.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ErrorDoc {
    /// HTTP-like code: 400, 403, 406, 420, …
    pub code: i32,
    /// The error string, e.g. `PHONE_CODE_EXPIRED` (placeholders as `%d` or `X`).
    #[serde(rename = "type")]
    pub kind: String,
    /// What it means.
    #[serde(default)]
    pub description: Option<String>,
}

/// Documentation of one constructor.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ConstructorDoc {
    /// One paragraph of plain text.
    #[serde(default)]
    pub description: Option<String>,
    /// Field name → description.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
}

/// Documentation of one boxed type.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TypeDoc {
    /// One paragraph of plain text.
    #[serde(default)]
    pub description: Option<String>,
}

/// Why metadata could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not metadata JSON.
    #[error("{path}:{line}:{column}: {message}")]
    Json {
        /// The file.
        path: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What serde_json says.
        message: String,
    },
}

impl Metadata {
    /// Reads a metadata file.
    pub fn load(path: &Path) -> Result<Metadata, MetadataError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| MetadataError::Io {
            path: name.clone(),
            source,
        })?;
        Self::parse(&name, &text)
    }

    /// Parses metadata JSON; `name` is used in errors.
    pub fn parse(name: &str, text: &str) -> Result<Metadata, MetadataError> {
        serde_json::from_str(text).map_err(|e| MetadataError::Json {
            path: name.to_owned(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    }

    /// Names in the metadata that the schema does not have (each one a warning: the metadata is
    /// for another layer, or misspelt).
    pub fn unknown_names(&self, schema: &Schema) -> Vec<String> {
        let mut methods = BTreeMap::new();
        let mut constructors = BTreeMap::new();
        let mut types = std::collections::BTreeSet::new();
        for def in &schema.definitions {
            let params: Vec<&str> = def.params.iter().map(|p| p.name.as_str()).collect();
            match def.category {
                Category::Function => methods.insert(def.name.to_string(), params),
                Category::Type => {
                    types.insert(def.result.name.to_string());
                    // `vector … = Vector t;`: docs name the type as written, `Vector t`.
                    if let Some(arg) = &def.result.generic_arg {
                        types.insert(format!("{} {arg}", def.result.name));
                    }
                    constructors.insert(def.name.to_string(), params)
                }
            };
        }
        let mut unknown = Vec::new();
        let mut check = |kind: &str,
                         known: &BTreeMap<String, Vec<&str>>,
                         name: &str,
                         params: &BTreeMap<String, String>| {
            match known.get(name) {
                None => unknown.push(format!("{kind} `{name}` is not in the schema")),
                Some(known_params) => {
                    for param in params.keys() {
                        if !known_params.contains(&param.as_str()) {
                            unknown.push(format!("{kind} `{name}` has no parameter `{param}`"));
                        }
                    }
                }
            }
        };
        for (name, doc) in &self.methods {
            check("method", &methods, name, &doc.params);
        }
        for (name, doc) in &self.constructors {
            check("constructor", &constructors, name, &doc.params);
        }
        for name in self.types.keys() {
            if !types.contains(name) {
                unknown.push(format!("type `{name}` is not in the schema"));
            }
        }
        unknown
    }
}
