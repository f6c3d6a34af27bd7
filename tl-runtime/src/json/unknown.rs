//! An object whose `@type` the generated types do not know (a TDLib newer than the schema).

use std::fmt;

use serde_core::{Serialize, Serializer};

/// An object of a boxed type with a `@type` that no constructor of the schema has: what the
/// `Unknown` variant of a generated enum holds, so that a client on an older schema logs it and
/// goes on. It keeps the name and the object as JSON text, `@type` first; it is written back as
/// that JSON.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unknown {
    /// Boxed: an enum is as large as its largest variant, and this one is rare.
    parts: Box<Parts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Parts {
    name: String,
    json: String,
}

impl Unknown {
    /// An object named `name` whose JSON text is `json` (`@type` first, as TDLib writes it), for
    /// code that received an object it could not read, such as a TDLib client that turns a
    /// malformed update into an `Unknown` one rather than losing it.
    pub fn new(name: impl Into<String>, json: impl Into<String>) -> Self {
        Unknown {
            parts: Box::new(Parts {
                name: name.into(),
                json: json.into(),
            }),
        }
    }

    /// The `@type` (`updateNewThing`).
    pub fn name(&self) -> &str {
        &self.parts.name
    }

    /// The object as JSON, `@type` first (`{"@type":"updateNewThing","x":1}`).
    pub fn json(&self) -> &str {
        &self.parts.json
    }
}

impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.parts.json)
    }
}

impl Serialize for Unknown {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde_core::ser::Error as _;
        let value: serde_json::Value =
            serde_json::from_str(&self.parts.json).map_err(S::Error::custom)?;
        value.serialize(serializer)
    }
}
