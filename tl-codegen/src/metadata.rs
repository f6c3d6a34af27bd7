//! Documentation data for a schema, read from JSON (the format of `schema/telegram-docs.json`):
//! descriptions of methods, constructors, types and parameters, possible errors, bot usability.

use std::collections::BTreeMap;
use std::path::Path;

use tlforge_parser::{Category, Schema};

/// The whole metadata file. Unknown keys (such as `sources`) are ignored.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// Layer the names were checked against.
    pub layer: Option<u32>,
    /// By method (function) TL name: `auth.cancelCode`.
    pub methods: BTreeMap<String, MethodDoc>,
    /// By constructor TL name: `user`.
    pub constructors: BTreeMap<String, ConstructorDoc>,
    /// By boxed type TL name: `User`.
    pub types: BTreeMap<String, TypeDoc>,
    /// The catalogue of RPC errors (JSON key `errors`), by canonical name: `FLOOD_WAIT_%d`.
    /// Empty when the file has none; then no error types are generated.
    pub errors: BTreeMap<String, CatalogueError>,
}

/// One error of the catalogue: an error message a server may answer with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueError {
    /// Canonical name, `%d` where a number goes: `FLOOD_WAIT_%d`, `FILE_PART_%d_MISSING`.
    pub name: String,
    /// Every code a source gives it, sorted: `[420]`.
    pub codes: Vec<i32>,
    /// What it means (plain text).
    pub description: Option<String>,
    /// Whether any method may return it (Telegram's error database lists it with no methods).
    pub global: bool,
    /// The methods whose documentation lists it, by TL name.
    pub methods: Vec<String>,
    /// Other spellings of the name that method error lists use: `FLOOD_WAIT_X`.
    pub aliases: Vec<String>,
}

/// Documentation of one method.
#[derive(Debug, Clone, Default)]
pub struct MethodDoc {
    /// One paragraph of plain text.
    pub description: Option<String>,
    /// The same text as Markdown, with the links of Telegram's page (JSON `description_md`).
    pub description_md: Option<String>,
    /// Parameter name → description.
    pub params: BTreeMap<String, String>,
    /// Parameter name → description as Markdown with its links (JSON `params_md`).
    pub params_md: BTreeMap<String, String>,
    /// Errors the method can return.
    pub errors: Vec<ErrorDoc>,
    /// Whether bots may call it; `None` when no source says.
    pub bots: Option<bool>,
}

/// One possible error of a method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDoc {
    /// HTTP-like code: 400, 403, 406, 420, …
    pub code: i32,
    /// The error string (JSON key `type`), e.g. `PHONE_CODE_EXPIRED` (placeholders as `%d` or `X`).
    pub kind: String,
    /// What it means.
    pub description: Option<String>,
}

/// Documentation of one constructor.
#[derive(Debug, Clone, Default)]
pub struct ConstructorDoc {
    /// One paragraph of plain text.
    pub description: Option<String>,
    /// The same text as Markdown, with its links.
    pub description_md: Option<String>,
    /// Field name → description.
    pub params: BTreeMap<String, String>,
    /// Field name → description as Markdown with its links.
    pub params_md: BTreeMap<String, String>,
}

/// Documentation of one boxed type.
#[derive(Debug, Clone, Default)]
pub struct TypeDoc {
    /// One paragraph of plain text.
    pub description: Option<String>,
    /// The same text as Markdown, with its links.
    pub description_md: Option<String>,
}

/// Why metadata could not be read.
#[derive(Debug)]
pub enum MetadataError {
    /// The file could not be read.
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid JSON.
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
    /// A value has the wrong type, or a required one is missing.
    Invalid {
        /// The file.
        path: String,
        /// Where in the JSON: `methods["auth.sendCode"].errors[2].code`.
        at: String,
        /// What is wrong: `expected an integer (i32), found the string "400"`.
        message: String,
    },
}

// Written out rather than derived (thiserror): a build script that generates code should not
// compile a proc macro and syn for three messages (issue 13).
impl std::fmt::Display for MetadataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MetadataError::Io { path, source } => write!(f, "{path}: {source}"),
            MetadataError::Json {
                path,
                line,
                column,
                message,
            } => write!(f, "{path}:{line}:{column}: {message}"),
            MetadataError::Invalid { path, at, message } => write!(f, "{path}: {at}: {message}"),
        }
    }
}

impl std::error::Error for MetadataError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MetadataError::Io { source, .. } => Some(source),
            MetadataError::Json { .. } | MetadataError::Invalid { .. } => None,
        }
    }
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

    /// Parses metadata JSON; `name` is used in errors. Needs the feature `metadata` (on by
    /// default; it brings serde_json); without it this is an error that says so.
    pub fn parse(name: &str, text: &str) -> Result<Metadata, MetadataError> {
        #[cfg(feature = "metadata")]
        return json::read(name, text);
        #[cfg(not(feature = "metadata"))]
        {
            let _ = text;
            Err(MetadataError::Invalid {
                path: name.to_owned(),
                at: String::new(),
                message: "reading metadata needs tlforge-codegen's `metadata` feature".to_owned(),
            })
        }
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
                Category::Constructor => {
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
        for error in self.errors.values() {
            for method in &error.methods {
                if !methods.contains_key(method) {
                    unknown.push(format!(
                        "error `{}` names method `{method}`, which is not in the schema",
                        error.name
                    ));
                }
            }
        }
        unknown
    }

    /// Definitions of the schema that the metadata does not describe (a newer layer than the
    /// metadata's adds them): `method `x``, `constructor `y``, in schema order.
    pub fn undocumented_names(&self, schema: &Schema) -> Vec<String> {
        schema
            .user_definitions()
            .filter_map(|def| {
                let name = def.name.to_string();
                let (kind, known) = match def.category {
                    Category::Function => ("method", self.methods.contains_key(&name)),
                    Category::Constructor => ("constructor", self.constructors.contains_key(&name)),
                };
                (!known).then(|| format!("{kind} `{name}`"))
            })
            .collect()
    }
}

/// The JSON reader behind [`Metadata::parse`] (feature `metadata`).
#[cfg(feature = "metadata")]
mod json {
    use serde_json::{Map, Value};

    use super::*;

    pub(super) fn read(name: &str, text: &str) -> Result<Metadata, MetadataError> {
        let value = serde_json::from_str(text).map_err(|e| MetadataError::Json {
            path: name.to_owned(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        metadata((Some(value), String::new())).map_err(|(at, message)| MetadataError::Invalid {
            path: name.to_owned(),
            at,
            message,
        })
    }

    // Reading the JSON by hand (no serde derive: it would slow down every build of the generated crate).

    /// A JSON value (`None` where its key is absent) and its path for errors, such as
    /// `methods["auth.sendCode"].errors[2].code` (empty for the top level).
    type Node = (Option<Value>, String);

    /// Where a value is wrong and how: `at` and `message` of [`MetadataError::Invalid`].
    type Wrong = (String, String);

    fn metadata(node: Node) -> Result<Metadata, Wrong> {
        let mut o = object(node)?;
        let metadata = Metadata {
            layer: optional(o.take("layer"), integer)?,
            methods: map(o.take("methods"), method)?,
            constructors: map(o.take("constructors"), constructor)?,
            types: map(o.take("types"), type_doc)?,
            errors: map(o.take("errors"), catalogue_error)?,
        };
        // The catalogue is keyed by name; a key that is not its entry's name is a broken file.
        if let Some((key, error)) = metadata.errors.iter().find(|(k, e)| **k != e.name) {
            return Err((
                format!("errors[{key:?}].name"),
                format!("expected {key:?} (the key), found {:?}", error.name),
            ));
        }
        Ok(metadata)
    }

    fn catalogue_error(node: Node) -> Result<CatalogueError, Wrong> {
        let mut o = object(node)?;
        let at = o.at.clone();
        let error = CatalogueError {
            name: string(o.take("name"))?,
            codes: list(o.take("codes"), integer)?,
            description: optional(o.take("description"), string)?,
            global: optional(o.take("global"), boolean)?.unwrap_or(false),
            methods: list(o.take("methods"), string)?,
            aliases: list(o.take("aliases"), string)?,
        };
        // The generator reads one number per message (`FILE_PART_%d_MISSING`).
        if error.name.matches("%d").count() > 1 {
            return Err((
                format!("{at}.name"),
                format!("{:?} has more than one `%d`", error.name),
            ));
        }
        Ok(error)
    }

    fn method(node: Node) -> Result<MethodDoc, Wrong> {
        let mut o = object(node)?;
        Ok(MethodDoc {
            description: optional(o.take("description"), string)?,
            description_md: optional(o.take("description_md"), string)?,
            params: map(o.take("params"), string)?,
            params_md: map(o.take("params_md"), string)?,
            errors: list(o.take("errors"), error)?,
            bots: optional(o.take("bots"), boolean)?,
        })
    }

    fn error(node: Node) -> Result<ErrorDoc, Wrong> {
        let mut o = object(node)?;
        Ok(ErrorDoc {
            code: integer(o.take("code"))?,
            kind: string(o.take("type"))?,
            description: optional(o.take("description"), string)?,
        })
    }

    fn constructor(node: Node) -> Result<ConstructorDoc, Wrong> {
        let mut o = object(node)?;
        Ok(ConstructorDoc {
            description: optional(o.take("description"), string)?,
            description_md: optional(o.take("description_md"), string)?,
            params: map(o.take("params"), string)?,
            params_md: map(o.take("params_md"), string)?,
        })
    }

    fn type_doc(node: Node) -> Result<TypeDoc, Wrong> {
        let mut o = object(node)?;
        Ok(TypeDoc {
            description: optional(o.take("description"), string)?,
            description_md: optional(o.take("description_md"), string)?,
        })
    }

    /// A JSON object and its path.
    struct Object {
        fields: Map<String, Value>,
        at: String,
    }

    impl Object {
        /// The value under `key`, taken out, and its path.
        fn take(&mut self, key: &str) -> Node {
            let at = match self.at.as_str() {
                "" => key.to_owned(),
                at => format!("{at}.{key}"),
            };
            (self.fields.remove(key), at)
        }
    }

    fn object((value, at): Node) -> Result<Object, Wrong> {
        match value {
            Some(Value::Object(fields)) => Ok(Object { fields, at }),
            value => wrong((value, at), "an object"),
        }
    }

    /// An object of `T`s by key; empty when absent.
    fn map<T>(
        (value, at): Node,
        each: impl Fn(Node) -> Result<T, Wrong>,
    ) -> Result<BTreeMap<String, T>, Wrong> {
        match value {
            None => Ok(BTreeMap::new()),
            Some(Value::Object(fields)) => fields
                .into_iter()
                .map(|(key, value)| {
                    let item = each((Some(value), format!("{at}[{key:?}]")))?;
                    Ok((key, item))
                })
                .collect(),
            value => wrong((value, at), "an object"),
        }
    }

    /// An array of `T`s; empty when absent.
    fn list<T>(
        (value, at): Node,
        each: impl Fn(Node) -> Result<T, Wrong>,
    ) -> Result<Vec<T>, Wrong> {
        match value {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| each((Some(item), format!("{at}[{i}]"))))
                .collect(),
            value => wrong((value, at), "an array"),
        }
    }

    /// `None` when absent or null.
    fn optional<T>(
        (value, at): Node,
        each: impl Fn(Node) -> Result<T, Wrong>,
    ) -> Result<Option<T>, Wrong> {
        match value {
            None | Some(Value::Null) => Ok(None),
            value => each((value, at)).map(Some),
        }
    }

    fn string((value, at): Node) -> Result<String, Wrong> {
        match value {
            Some(Value::String(s)) => Ok(s),
            value => wrong((value, at), "a string"),
        }
    }

    fn boolean((value, at): Node) -> Result<bool, Wrong> {
        match value {
            Some(Value::Bool(b)) => Ok(b),
            value => wrong((value, at), "true or false"),
        }
    }

    /// An integer that fits `T` (`i32`, `u32`).
    fn integer<T: TryFrom<i64>>((value, at): Node) -> Result<T, Wrong> {
        match value.as_ref().and_then(Value::as_i64).map(T::try_from) {
            Some(Ok(n)) => Ok(n),
            _ => wrong(
                (value, at),
                &format!("an integer ({})", std::any::type_name::<T>()),
            ),
        }
    }

    fn wrong<T>((value, at): Node, expected: &str) -> Result<T, Wrong> {
        let found = match value {
            None => return Err((at, format!("missing (expected {expected})"))),
            Some(Value::Null) => "null".to_owned(),
            Some(Value::Bool(b)) => b.to_string(),
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(s)) => format!("the string {s:?}"),
            Some(Value::Array(_)) => "an array".to_owned(),
            Some(Value::Object(_)) => "an object".to_owned(),
        };
        let at = if at.is_empty() {
            "top level".to_owned()
        } else {
            at
        };
        Err((at, format!("expected {expected}, found {found}")))
    }
}

#[cfg(all(test, feature = "metadata"))]
mod tests {
    use super::*;

    fn error(json: &str) -> String {
        Metadata::parse("m.json", json).unwrap_err().to_string()
    }

    #[test]
    fn reads_every_field_and_defaults_the_absent_ones() {
        let m = Metadata::parse(
            "m.json",
            r#"{
                "layer": 222,
                "sources": [{"id": "getdoc"}],
                "methods": {
                    "auth.cancelCode": {
                        "description": "Cancel the login verification code",
                        "description_md": "Cancel the *login* code",
                        "params": {"phone_number": "Phone number"},
                        "params_md": {"phone_number": "[Phone](https://core.telegram.org/api/auth) number"},
                        "result": "Bool",
                        "errors": [
                            {"code": 400, "type": "PHONE_CODE_EXPIRED", "description": "Expired."},
                            {"code": -503, "type": "TIMEOUT", "description": null, "source": ["x"]}
                        ],
                        "bots": false
                    },
                    "help.getConfig": {"description": null, "bots": null}
                },
                "constructors": {"user": {"description": "A user", "params": {"id": "ID"}}},
                "types": {"User": {"description": "Object defines a user.", "source": "getdoc"}}
            }"#,
        )
        .unwrap();
        assert_eq!(m.layer, Some(222));
        let method = &m.methods["auth.cancelCode"];
        assert_eq!(
            method.description.as_deref(),
            Some("Cancel the login verification code")
        );
        assert_eq!(method.params["phone_number"], "Phone number");
        assert_eq!(
            method.description_md.as_deref(),
            Some("Cancel the *login* code")
        );
        assert_eq!(
            method.params_md["phone_number"],
            "[Phone](https://core.telegram.org/api/auth) number"
        );
        assert_eq!(
            method.errors,
            [
                ErrorDoc {
                    code: 400,
                    kind: "PHONE_CODE_EXPIRED".into(),
                    description: Some("Expired.".into()),
                },
                ErrorDoc {
                    code: -503,
                    kind: "TIMEOUT".into(),
                    description: None,
                },
            ]
        );
        assert_eq!(method.bots, Some(false));
        let bare = &m.methods["help.getConfig"];
        assert!(bare.description.is_none() && bare.params.is_empty() && bare.errors.is_empty());
        assert_eq!(bare.bots, None);
        assert_eq!(m.constructors["user"].params["id"], "ID");
        assert_eq!(
            m.types["User"].description.as_deref(),
            Some("Object defines a user.")
        );

        let empty = Metadata::parse("m.json", "{}").unwrap();
        assert!(empty.errors.is_empty());
        assert_eq!(empty.layer, None);
        assert!(
            empty.methods.is_empty() && empty.constructors.is_empty() && empty.types.is_empty()
        );
    }

    #[test]
    fn reads_the_error_catalogue() {
        let m = Metadata::parse(
            "m.json",
            r#"{"errors": {
                "FLOOD_WAIT_%d": {"name": "FLOOD_WAIT_%d", "codes": [420], "description": "Wait",
                    "number": "suffix", "global": true, "methods": [], "aliases": ["FLOOD_WAIT_X"],
                    "source": ["telethon-errors"]},
                "NEED_DOC_INVALID": {"name": "NEED_DOC_INVALID", "codes": [400, 500],
                    "description": null, "methods": ["auth.sendCode"]}
            }}"#,
        )
        .unwrap();
        let flood = &m.errors["FLOOD_WAIT_%d"];
        assert_eq!(flood.codes, [420]);
        assert_eq!(flood.description.as_deref(), Some("Wait"));
        assert!(flood.global && flood.methods.is_empty());
        assert_eq!(flood.aliases, ["FLOOD_WAIT_X"]);
        let need = &m.errors["NEED_DOC_INVALID"];
        assert_eq!(
            (
                need.codes.as_slice(),
                need.description.as_deref(),
                need.global
            ),
            (&[400, 500][..], None, false)
        );
        assert_eq!(need.methods, ["auth.sendCode"]);
        assert!(need.aliases.is_empty());
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        assert_eq!(
            error("{\n  \"layer\": 1,\n}"),
            "m.json:3:1: trailing comma at line 3 column 1"
        );
        assert_eq!(
            error("{} x"),
            "m.json:1:4: trailing characters at line 1 column 4"
        );
    }

    #[test]
    fn wrong_types_name_the_json_path() {
        let errors = r#"{"methods": {"auth.sendCode": {"errors": [
            {"code": 400, "type": "A"}, {"code": 400, "type": "B"}, {"code": "400", "type": "C"}]}}}"#;
        for (json, message) in [
            (
                errors,
                r#"methods["auth.sendCode"].errors[2].code: expected an integer (i32), found the string "400""#,
            ),
            (
                r#"{"methods": {"x": {"errors": [{"code": 400}]}}}"#,
                r#"methods["x"].errors[0].type: missing (expected a string)"#,
            ),
            (
                r#"{"methods": {"x": {"errors": [{"code": 400.0, "type": "A"}]}}}"#,
                r#"methods["x"].errors[0].code: expected an integer (i32), found 400.0"#,
            ),
            (
                r#"{"methods": {"x": {"errors": {}}}}"#,
                r#"methods["x"].errors: expected an array, found an object"#,
            ),
            (
                r#"{"methods": {"x": {"bots": "yes"}}}"#,
                r#"methods["x"].bots: expected true or false, found the string "yes""#,
            ),
            (
                r#"{"methods": {"x": {"params": {"a": 1}}}}"#,
                r#"methods["x"].params["a"]: expected a string, found 1"#,
            ),
            (
                r#"{"methods": {"x": 1}}"#,
                r#"methods["x"]: expected an object, found 1"#,
            ),
            (
                r#"{"methods": null}"#,
                "methods: expected an object, found null",
            ),
            (
                r#"{"constructors": {"user": {"description": false}}}"#,
                r#"constructors["user"].description: expected a string, found false"#,
            ),
            (
                r#"{"types": {"User": {"description": ["a"]}}}"#,
                r#"types["User"].description: expected a string, found an array"#,
            ),
            (
                r#"{"layer": -1}"#,
                "layer: expected an integer (u32), found -1",
            ),
            ("[]", "top level: expected an object, found an array"),
            (
                r#"{"errors": {"A": {"name": "B"}}}"#,
                r#"errors["A"].name: expected "A" (the key), found "B""#,
            ),
            (
                r#"{"errors": {"A_%d_%d": {"name": "A_%d_%d"}}}"#,
                r#"errors["A_%d_%d"].name: "A_%d_%d" has more than one `%d`"#,
            ),
            (
                r#"{"errors": {"A": {"name": "A", "codes": ["400"]}}}"#,
                r#"errors["A"].codes[0]: expected an integer (i32), found the string "400""#,
            ),
        ] {
            assert_eq!(error(json), format!("m.json: {message}"), "{json}");
        }
    }
}
