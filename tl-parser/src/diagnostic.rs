//! Diagnostics (errors and warnings) with file, line and column, rendered through miette.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use crate::SourceFile;
use crate::model::{Location, Span};

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The schema is invalid.
    Error,
    /// The schema is usable, but something looks wrong (an id that does not match its text, …).
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in a schema, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where: file index, byte span, 1-based line and column.
    pub location: Location,
    /// The name of the file, so the diagnostic can be printed without the sources.
    pub file_name: String,
    /// A short note shown under the underlined source.
    pub label: Option<String>,
    /// A hint on how to fix it.
    pub help: Option<String>,
    /// What kind of problem it is, where tools may want to tell (`--allow-id-mismatch NAME`).
    pub kind: Option<DiagnosticKind>,
}

/// Kinds of diagnostics that tools treat specially.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiagnosticKind {
    /// An explicit id that neither id rule reproduces from the declaration's text, of the
    /// definition named here (`auth.cancelCode`).
    IdMismatch {
        /// The definition's TL name.
        definition: String,
    },
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: error: message`, the format editors and CI logs understand.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file_name,
            self.location.line,
            self.location.column,
            self.severity.as_str(),
            self.message
        )
    }
}

impl Diagnostic {
    /// Renders this diagnostic with a source snippet (miette's graphical report).
    ///
    /// `source` is the text of the file the diagnostic is about; without it only the
    /// one-line form and the help are printed.
    pub fn render(&self, source: Option<&str>, color: bool) -> String {
        let Some(text) = source else {
            let mut out = format!("{self}\n");
            if let Some(help) = &self.help {
                out.push_str(&format!("  help: {help}\n"));
            }
            return out;
        };
        let (excerpt, label_span) = Excerpt::new(&self.file_name, text, &self.location);
        let report = Rendered {
            diagnostic: self,
            excerpt,
            label_span,
        };
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_context_lines(1);
        let mut out = String::new();
        if handler.render_report(&mut out, &report).is_err() {
            // miette only fails on a span it cannot read; fall back to the one-line form.
            return self.render(None, color);
        }
        out
    }
}

/// All the diagnostics of a run: errors and warnings, sorted by file and position.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The diagnostics, sorted by (file, offset).
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// True when at least one diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Renders every diagnostic with a snippet of `sources[location.file]`.
    pub fn render(&self, sources: &[SourceFile], color: bool) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let text = sources.get(d.location.file).map(|s| s.text.as_str());
            out.push_str(&d.render(text, color));
        }
        out
    }

    /// Sorts by (file, line, severity, offset), the order diagnostics are shown in.
    pub(crate) fn sort(&mut self) {
        sort_diagnostics(&mut self.diagnostics);
    }
}

/// Source order, and on one line errors before warnings: the real problem first, not a
/// follow-on warning about the same line.
pub(crate) fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (
            a.location.file,
            a.location.line,
            a.severity,
            a.location.span.start,
        )
            .cmp(&(
                b.location.file,
                b.location.line,
                b.severity,
                b.location.span.start,
            ))
    });
}

impl fmt::Display for Report {
    /// One `file:line:col: severity: message` line per diagnostic.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}

/// Maps byte offsets to 1-based line and column (in characters).
pub(crate) struct LineIndex {
    /// Offset of the first byte of each line.
    starts: Vec<usize>,
    /// Last answer (line index, offset, 0-based column) so that walking forward through one long
    /// line does not count its characters from the start again.
    cache: (usize, usize, usize),
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 64 + 1);
        starts.push(0);
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            cache: (0, 0, 0),
        }
    }

    /// The location of `span` in file `file`.
    pub(crate) fn locate(&mut self, text: &str, file: usize, span: Span) -> Location {
        let offset = span.start.min(text.len());
        let (cached_line, cached_offset, cached_col) = self.cache;
        // Locations are mostly asked for in increasing order: step forward from the last answer,
        // and binary-search only after a jump.
        let mut line = cached_line;
        if offset < cached_offset {
            line = self.starts.partition_point(|&s| s <= offset) - 1;
        } else {
            let mut steps = 0;
            while line + 1 < self.starts.len() && self.starts[line + 1] <= offset {
                line += 1;
                steps += 1;
                if steps == 8 {
                    line = self.starts.partition_point(|&s| s <= offset) - 1;
                    break;
                }
            }
        }
        let (from, col) = if cached_line == line && cached_offset <= offset {
            (cached_offset, cached_col)
        } else {
            (self.starts[line], 0)
        };
        let col = col + count_chars(&text.as_bytes()[from..offset]);
        self.cache = (line, offset, col);
        Location {
            file,
            span,
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(col + 1).unwrap_or(u32::MAX),
        }
    }
}

/// The few lines of a file a diagnostic shows. Very long lines (a 10 MB line) are cut to a window
/// around the label, so rendering stays fast and readable; line and column stay the real ones.
struct Excerpt {
    name: String,
    text: String,
    /// 0-based line number of the excerpt's first line.
    line_base: usize,
    /// Characters cut from the start of the (single) line in window mode, minus the `…` added.
    col_shift: usize,
}

/// Lines longer than this are shown as a window around the label.
const MAX_LINE: usize = 240;
/// Bytes of context kept on each side of the label in window mode.
const WINDOW: usize = 80;

impl Excerpt {
    fn new(name: &str, text: &str, location: &Location) -> (Excerpt, SourceSpan) {
        let span = location.span;
        let start = floor_char(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        // Multi-line labels are cut at the end of their first line.
        let end = ceil_char(text, span.end.clamp(start, line_end));
        // The location already knows line and column: no counting through a 10 MB file here.
        let line_base = (location.line as usize).saturating_sub(1);

        let prev_start = if line_start == 0 {
            0
        } else {
            text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1)
        };
        let next_end = if line_end >= text.len() {
            line_end
        } else {
            text[line_end + 1..]
                .find('\n')
                .map_or(text.len(), |i| line_end + 1 + i)
        };
        let lines_fit = line_end - line_start <= MAX_LINE
            && line_start - prev_start <= MAX_LINE + 1
            && next_end - line_end <= MAX_LINE + 1;
        if lines_fit {
            let excerpt = Excerpt {
                name: name.to_owned(),
                text: text[prev_start..next_end].to_owned(),
                line_base: line_base - usize::from(line_start != 0),
                col_shift: 0,
            };
            let label = SourceSpan::new((start - prev_start).into(), end - start);
            return (excerpt, label);
        }

        // Window mode: only the label's line, cut around the label.
        let w_start = floor_char(text, start.saturating_sub(WINDOW).max(line_start));
        let w_end = ceil_char(text, (end.max(start + 1) + WINDOW).min(line_end));
        let end = end.min(w_end);
        let mut cut = String::new();
        let prefix = if w_start > line_start { "…" } else { "" };
        cut.push_str(prefix);
        cut.push_str(&text[w_start..w_end]);
        if w_end < line_end {
            cut.push('…');
        }
        let cut_chars = (location.column as usize)
            .saturating_sub(1)
            .saturating_sub(count_chars(&text.as_bytes()[w_start..start]));
        let excerpt = Excerpt {
            name: name.to_owned(),
            text: cut,
            line_base,
            col_shift: cut_chars.saturating_sub(usize::from(!prefix.is_empty())),
        };
        let label = SourceSpan::new((start - w_start + prefix.len()).into(), end - start);
        (excerpt, label)
    }
}

/// Counts characters as UTF-8 lead bytes, so it works on any byte range.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i.min(text.len())
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let column = if inner.line() == 0 {
            inner.column() + self.col_shift
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.line_base,
            column,
            inner.line_count(),
        )))
    }
}

/// A [`Diagnostic`] together with its excerpt, in the shape miette renders.
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    excerpt: Excerpt,
    label_span: SourceSpan,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.excerpt)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label =
            LabeledSpan::new_primary_with_span(self.diagnostic.label.clone(), self.label_span);
        Some(Box::new(std::iter::once(label)))
    }
}
