//! Loading libtdjson: the four functions of td/telegram/td_json_client.h, found when the program
//! runs, never linked.

use std::ffi::{CStr, CString, c_char, c_double, c_int};
use std::fmt;
use std::path::{Path, PathBuf};

type CreateClientId = unsafe extern "C" fn() -> c_int;
type Send = unsafe extern "C" fn(c_int, *const c_char);
type Receive = unsafe extern "C" fn(c_double) -> *const c_char;
type Execute = unsafe extern "C" fn(*const c_char) -> *const c_char;

/// The environment variable [`Tdjson::open_default`](crate::Tdjson::open_default) reads first:
/// the path of libtdjson.
pub const TDJSON_VARIABLE: &str = "TDJSON";

/// The names [`Tdjson::open_default`](crate::Tdjson::open_default) gives the platform's loader
/// (which searches its usual directories and, on Linux, `LD_LIBRARY_PATH`), as TDLib's build
/// installs them.
pub const DEFAULT_NAMES: &[&str] = if cfg!(target_os = "windows") {
    &["tdjson.dll"]
} else if cfg!(target_vendor = "apple") {
    &["libtdjson.dylib"]
} else {
    &["libtdjson.so"]
};

/// libtdjson's functions. The library they come from is never unloaded: TDLib's threads keep
/// running after its last client is closed, and would run unmapped code.
#[derive(Clone, Copy)]
pub(crate) struct Functions {
    create_client_id: CreateClientId,
    send: Send,
    receive: Receive,
    execute: Execute,
}

impl Functions {
    pub(crate) fn load(path: &Path) -> Result<Functions, OpenError> {
        // SAFETY: loading runs the library's initialisers; libtdjson's are TDLib's own, and
        // nothing here can make a library safe that is not.
        let library =
            unsafe { libloading::Library::new(path) }.map_err(|source| OpenError::Load {
                path: path.to_owned(),
                source,
            })?;
        fn function<T: Copy>(
            library: &libloading::Library,
            path: &Path,
            name: &'static str,
        ) -> Result<T, OpenError> {
            // SAFETY: the types above are td_json_client.h's declarations of these names.
            unsafe { library.get::<T>(name.as_bytes()) }
                .map(|symbol| *symbol)
                .map_err(|source| OpenError::MissingFunction {
                    path: path.to_owned(),
                    function: name,
                    source,
                })
        }
        let functions = Functions {
            create_client_id: function(&library, path, "td_create_client_id")?,
            send: function(&library, path, "td_send")?,
            receive: function(&library, path, "td_receive")?,
            execute: function(&library, path, "td_execute")?,
        };
        // Kept loaded for the rest of the process (see above); another `open` of the same file
        // gets the same handle from the loader.
        std::mem::forget(library);
        Ok(functions)
    }

    /// Functions that are not a loaded library's: the tests' fake TDLib.
    #[cfg(test)]
    pub(crate) fn from_fns(
        create_client_id: CreateClientId,
        send: Send,
        receive: Receive,
        execute: Execute,
    ) -> Functions {
        Functions {
            create_client_id,
            send,
            receive,
            execute,
        }
    }

    /// Tells one library from another: two `open`s of the same file share one receiver.
    pub(crate) fn key(&self) -> usize {
        self.receive as usize
    }

    pub(crate) fn create_client_id(&self) -> i32 {
        // SAFETY: td_create_client_id takes nothing and may be called from any thread.
        unsafe { (self.create_client_id)() }
    }

    pub(crate) fn send(&self, client_id: i32, request: &CStr) {
        // SAFETY: td_send is thread-safe and copies the request before returning.
        unsafe { (self.send)(client_id, request.as_ptr()) }
    }

    /// An answer or update, or `None` after `timeout` seconds. Only one thread may call this
    /// (td_json_client.h); the receiver thread is that one.
    pub(crate) fn receive(&self, timeout: f64) -> Option<String> {
        // SAFETY: called from one thread at a time; the string stays valid until this thread's
        // next call, and is copied before.
        unsafe { owned((self.receive)(timeout)) }
    }

    pub(crate) fn execute(&self, request: &CStr) -> Option<String> {
        // SAFETY: td_execute is thread-safe; its answer stays valid until this thread's next
        // call, and is copied before.
        unsafe { owned((self.execute)(request.as_ptr())) }
    }
}

/// A copy of a string TDLib returned (`None` for null). TDLib writes JSON with every non-ASCII
/// character escaped, so the text is ASCII; anything else is kept, replaced, for the error that
/// reading it will give.
///
/// # Safety
/// `text` is null or a NUL-terminated string valid for the duration of the call.
unsafe fn owned(text: *const c_char) -> Option<String> {
    if text.is_null() {
        return None;
    }
    // SAFETY: as the caller promises.
    let text = unsafe { CStr::from_ptr(text) };
    Some(text.to_string_lossy().into_owned())
}

/// A request as TDLib's C interface takes it. JSON text written by serde_json never holds a NUL
/// byte (it escapes control characters), so this only fails for a hand-made request.
pub(crate) fn c_request(text: Vec<u8>) -> Result<CString, String> {
    CString::new(text).map_err(|_| "the request's JSON holds a NUL byte".to_owned())
}

/// Why libtdjson could not be opened.
#[derive(Debug)]
#[non_exhaustive]
pub enum OpenError {
    /// The loader could not load the file (missing, not a library, wrong architecture, a
    /// missing dependency such as libssl).
    Load {
        /// The path or name given to the loader.
        path: PathBuf,
        /// The loader's error.
        source: libloading::Error,
    },
    /// The library loaded but lacks a function of td_json_client.h: it is not libtdjson, or
    /// one older than TDLib 1.7 (without `td_create_client_id`).
    MissingFunction {
        /// The path or name given to the loader.
        path: PathBuf,
        /// The function not found (`td_create_client_id`).
        function: &'static str,
        /// The loader's error.
        source: libloading::Error,
    },
    /// [`Tdjson::open_default`](crate::Tdjson::open_default) found no library: every place it
    /// tried, with why it failed.
    NotFound {
        /// `$TDJSON` when it was set, then each of [`DEFAULT_NAMES`], with its error.
        tried: Vec<OpenError>,
        /// Whether `$TDJSON` was set (then it is the first of `tried`).
        variable_set: bool,
    },
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Load { path, source } => {
                write!(
                    f,
                    "could not load libtdjson from {}: {source}",
                    path.display()
                )
            }
            OpenError::MissingFunction {
                path,
                function,
                source,
            } => write!(
                f,
                "{} is not libtdjson of TDLib 1.7 or newer: no function {function} ({source})",
                path.display()
            ),
            OpenError::NotFound {
                tried,
                variable_set,
            } => {
                write!(f, "libtdjson not found; tried ")?;
                if !variable_set {
                    write!(f, "${TDJSON_VARIABLE} (not set); ")?;
                }
                for (index, error) in tried.iter().enumerate() {
                    if index > 0 {
                        write!(f, "; ")?;
                    }
                    write!(f, "{error}")?;
                }
                write!(
                    f,
                    ". Set {TDJSON_VARIABLE} to the library's path, or install it where the \
                     loader looks"
                )
            }
        }
    }
}

impl std::error::Error for OpenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OpenError::Load { source, .. } | OpenError::MissingFunction { source, .. } => {
                Some(source)
            }
            OpenError::NotFound { .. } => None,
        }
    }
}

/// `$TDJSON`, then the platform's names: the first that loads, or every error.
pub(crate) fn load_default() -> Result<(PathBuf, Functions), OpenError> {
    let variable = std::env::var_os(TDJSON_VARIABLE).filter(|value| !value.is_empty());
    load_first(variable.map(PathBuf::from))
}

/// `variable` (`$TDJSON`'s value), then [`DEFAULT_NAMES`].
fn load_first(variable: Option<PathBuf>) -> Result<(PathBuf, Functions), OpenError> {
    let variable_set = variable.is_some();
    let mut tried = Vec::new();
    let candidates = variable
        .into_iter()
        .chain(DEFAULT_NAMES.iter().map(PathBuf::from));
    for candidate in candidates {
        match Functions::load(&candidate) {
            Ok(functions) => return Ok((candidate, functions)),
            Err(error) => tried.push(error),
        }
    }
    Err(OpenError::NotFound {
        tried,
        variable_set,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Skipped where a libtdjson is installed for the loader to find.
    fn not_found(variable: Option<&str>) -> Option<String> {
        match load_first(variable.map(PathBuf::from)) {
            Ok(_) => None,
            Err(error) => {
                let OpenError::NotFound { tried, .. } = &error else {
                    panic!("{error:?}")
                };
                assert_eq!(
                    tried.len(),
                    DEFAULT_NAMES.len() + usize::from(variable.is_some())
                );
                Some(error.to_string())
            }
        }
    }

    #[test]
    fn the_default_search_says_what_it_tried() {
        let Some(message) = not_found(Some("/nonexistent/libtdjson.so")) else {
            return;
        };
        assert!(message.contains("/nonexistent/libtdjson.so"), "{message}");
        assert!(message.contains(DEFAULT_NAMES[0]), "{message}");
        assert!(!message.contains("(not set)"), "{message}");
        let message = not_found(None).unwrap();
        assert!(message.contains("$TDJSON (not set)"), "{message}");
        assert!(message.contains(DEFAULT_NAMES[0]), "{message}");
    }
}
