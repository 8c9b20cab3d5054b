//! Where things are in the config text: a span tree of every key and value, line:column lookup,
//! and plain-words descriptions of a place (`in [[backend]] "shanghai"`).

use super::diagnostic::Diagnostic;
use super::echo::echo;
use std::ops::Range;
use std::path::Path;
use toml_edit::{ImDocument, Item, Table, Value};

/// A value of the document and, when the parser knows it, its span.
#[derive(Debug)]
pub(crate) struct Node {
    span: Option<Range<usize>>,
    tree: Tree,
}

/// A table key and, when the parser knows it, its span.
#[derive(Debug)]
struct Key {
    name: String,
    span: Option<Range<usize>>,
}

#[derive(Debug)]
enum Tree {
    Table(Vec<(Key, Node)>),
    Array(Vec<Node>),
    /// A string (kept, to name backends in messages) or another scalar.
    Scalar(Option<String>),
}

impl Node {
    /// The span tree of a parsed document, from `toml_edit`'s public spans (`Item::span`,
    /// `Key::span`). A node or key the parser has no span for (an implicit table such as
    /// `backend.thresholds` in `[backend.thresholds.planned]`) comes through without one.
    fn of_document(doc: &ImDocument<&str>) -> Node {
        Node::of_table(doc.as_table())
    }

    fn of_item(item: &Item) -> Node {
        match item {
            Item::None => Node {
                span: None,
                tree: Tree::Scalar(None),
            },
            Item::Value(value) => Node::of_value(value),
            Item::Table(table) => Node::of_table(table),
            Item::ArrayOfTables(tables) => Node {
                span: tables.span(),
                tree: Tree::Array(tables.iter().map(Node::of_table).collect()),
            },
        }
    }

    fn of_table(table: &Table) -> Node {
        let entries = table
            .iter()
            .filter_map(|(name, _)| table.get_key_value(name))
            .map(|(key, item)| (Key::of(key), Node::of_item(item)))
            .collect();
        Node {
            span: table.span(),
            tree: Tree::Table(entries),
        }
    }

    fn of_value(value: &Value) -> Node {
        let tree = match value {
            Value::String(s) => Tree::Scalar(Some(s.value().clone())),
            Value::Integer(_) | Value::Float(_) | Value::Boolean(_) | Value::Datetime(_) => {
                Tree::Scalar(None)
            }
            Value::Array(values) => Tree::Array(values.iter().map(Node::of_value).collect()),
            Value::InlineTable(table) => Tree::Table(
                table
                    .iter()
                    .filter_map(|(name, _)| table.get_key_value(name))
                    .map(|(key, item)| (Key::of(key), Node::of_item(item)))
                    .collect(),
            ),
        };
        Node {
            span: value.span(),
            tree,
        }
    }
}

impl Key {
    fn of(key: &toml_edit::Key) -> Key {
        Key {
            name: key.get().to_string(),
            span: key.span(),
        }
    }
}

/// The span of a key and of its value, each when known.
type KeyAndValueSpans = (Option<Range<usize>>, Option<Range<usize>>);

const TOP_LEVEL: &str = "the top level";

/// A step of a path into the document: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(k: &str) -> Seg {
        Seg::Key(k.to_string())
    }
}

impl From<usize> for Seg {
    fn from(i: usize) -> Seg {
        Seg::Index(i)
    }
}

/// Builds a `[Seg; N]` from keys and indexes: `keypath!["backend", 0, "name"]`.
macro_rules! keypath {
    ($($seg:expr),* $(,)?) => { [$($crate::config::spans::Seg::from($seg)),*] };
}
pub(crate) use keypath;

/// The config text, its file name and (when the text is valid TOML) its span tree.
pub(crate) struct Doc<'a> {
    pub src: &'a str,
    pub file: &'a Path,
    root: Option<Node>,
}

impl<'a> Doc<'a> {
    pub fn new(src: &'a str, file: &'a Path) -> Doc<'a> {
        let root = ImDocument::parse(src)
            .ok()
            .map(|doc| Node::of_document(&doc));
        Doc { src, file, root }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.src[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    /// A diagnostic at a byte offset.
    pub fn at_offset(&self, offset: usize, message: String, fix: String) -> Diagnostic {
        let (line, column) = self.line_col(offset);
        Diagnostic {
            file: self.file.to_path_buf(),
            line,
            column,
            message,
            fix,
        }
    }

    /// A diagnostic at the value of `path` (or, if absent, at its nearest existing ancestor).
    pub fn at_value(&self, path: &[Seg], message: String, fix: String) -> Diagnostic {
        self.at_offset(self.value_offset(path), message, fix)
    }

    /// A diagnostic at the key of `path` (or its nearest existing ancestor).
    pub fn at_key(&self, path: &[Seg], message: String, fix: String) -> Diagnostic {
        let offset = match self.find(path) {
            Some((Some(key), _)) => key.start,
            _ => self.value_offset(path),
        };
        self.at_offset(offset, message, fix)
    }

    /// Byte offset of the value at `path`, falling back to its key, then to the nearest ancestor
    /// that has a position (a missing field is reported at its table's header).
    pub fn value_offset(&self, path: &[Seg]) -> usize {
        (0..=path.len())
            .rev()
            .find_map(|n| match self.find(&path[..n]) {
                Some((_, Some(value))) => Some(value.start),
                Some((Some(key), None)) => Some(key.start),
                _ => None,
            })
            .unwrap_or(0)
    }

    /// The node at `path` and the span of its key, if any.
    fn node(&self, path: &[Seg]) -> Option<(Option<&Range<usize>>, &Node)> {
        let mut node = self.root.as_ref()?;
        let mut key_span = None;
        for seg in path {
            match (&node.tree, seg) {
                (Tree::Table(entries), Seg::Key(k)) => {
                    let (key, value) = entries.iter().find(|(key, _)| key.name == *k)?;
                    key_span = key.span.as_ref();
                    node = value;
                }
                (Tree::Array(items), Seg::Index(i)) => {
                    node = items.get(*i)?;
                    key_span = None;
                }
                _ => return None,
            }
        }
        Some((key_span, node))
    }

    /// The key span and value span (each if known) of the node at `path`, if it exists.
    fn find(&self, path: &[Seg]) -> Option<KeyAndValueSpans> {
        self.node(path)
            .map(|(key, node)| (key.cloned(), node.span.clone()))
    }

    /// The string value at `path`, if it is one.
    pub fn string_at(&self, path: &[Seg]) -> Option<&str> {
        match &self.node(path)?.1.tree {
            Tree::Scalar(s) => s.as_deref(),
            _ => None,
        }
    }

    /// The deepest path whose key or value contains `offset`, and whether the offset is on a key.
    /// (A sub-table such as `[backend.thresholds]` lies outside its parent's span, so every node
    /// is searched, not only those inside the parent.)
    pub fn path_at(&self, offset: usize) -> (Vec<Seg>, bool) {
        let mut best = (Vec::new(), false);
        if let Some(root) = self.root.as_ref() {
            search(root, &mut Vec::new(), offset, &mut best);
        }
        best
    }

    /// Names the table a path is in, e.g. `[[backend]] "shanghai"`, `[keys]`, `the top level`.
    pub fn table_name(&self, path: &[Seg]) -> String {
        match path {
            [Seg::Key(b), Seg::Index(i), ..] if b == "backend" => {
                match self.string_at(&keypath!["backend", *i, "name"]) {
                    Some(name) if !name.is_empty() => format!("[[backend]] \"{}\"", echo(name)),
                    _ => format!("[[backend]] number {}", i + 1),
                }
            }
            [Seg::Key(k), ..] if k == "keys" => "[keys]".to_string(),
            _ => TOP_LEVEL.to_string(),
        }
    }

    /// `in [[backend]] "shanghai"` for a field of the table (or below it).
    pub fn where_is(&self, path: &[Seg]) -> String {
        match self.table_name(path) {
            top if top == TOP_LEVEL => format!("at {top}"),
            table => format!("in {table}"),
        }
    }
}

/// Dotted field path relative to its table: `inspector.password`, `thresholds.planned.lunch`
/// (each key cut to [`super::MAX_ECHO_CHARS`] characters, control characters escaped).
pub(crate) fn field_name(path: &[Seg]) -> String {
    let rest = match path {
        [Seg::Key(b), Seg::Index(_), rest @ ..] if b == "backend" => rest,
        [Seg::Key(k), rest @ ..] if k == "keys" && !rest.is_empty() => rest,
        _ => path,
    };
    rest.iter()
        .map(|s| match s {
            Seg::Key(k) => echo(k),
            Seg::Index(i) => format!("[{i}]"),
        })
        .collect::<Vec<_>>()
        .join(".")
        .replace(".[", "[")
}

fn search(node: &Node, path: &mut Vec<Seg>, offset: usize, best: &mut (Vec<Seg>, bool)) {
    fn consider(best: &mut (Vec<Seg>, bool), path: &[Seg], on_key: bool) {
        if path.len() > best.0.len() || (path.len() == best.0.len() && on_key && !best.1) {
            *best = (path.to_vec(), on_key);
        }
    }
    let holds = |span: &Option<Range<usize>>| span.as_ref().is_some_and(|s| contains(s, offset));
    match &node.tree {
        Tree::Table(entries) => {
            for (key, value) in entries {
                path.push(Seg::Key(key.name.clone()));
                if holds(&key.span) {
                    consider(best, path, true);
                } else if holds(&value.span) {
                    consider(best, path, false);
                }
                search(value, path, offset, best);
                path.pop();
            }
        }
        Tree::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                if holds(&item.span) {
                    consider(best, path, false);
                }
                search(item, path, offset, best);
                path.pop();
            }
        }
        Tree::Scalar(_) => {}
    }
}

/// A span contains an offset; an empty span at the offset counts too.
fn contains(span: &Range<usize>, offset: usize) -> bool {
    span.contains(&offset) || (span.start == offset && span.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "theme = \"x\"\n\n[[backend]]\nname = \"a\"\n\n[backend.thresholds.planned]\nlunch = 5\n\n[[backend]]\nname = \"b\"\n";

    #[test]
    fn finds_keys_values_and_tables() {
        let doc = Doc::new(SRC, Path::new("c.toml"));
        let pos = |offset| doc.line_col(offset);
        assert_eq!(pos(doc.value_offset(&keypath!["theme"])), (1, 9));
        assert_eq!(pos(doc.value_offset(&keypath!["backend", 0])), (3, 1));
        assert_eq!(
            pos(doc.value_offset(&keypath!["backend", 1, "name"])),
            (10, 8)
        );
        // A missing field: its table's header.
        assert_eq!(
            pos(doc.value_offset(&keypath!["backend", 1, "kind"])),
            (9, 1)
        );
        // Inside an implicit table (`backend.thresholds` has no header of its own).
        let lunch = keypath!["backend", 0, "thresholds", "planned", "lunch"];
        assert_eq!(pos(doc.value_offset(&lunch)), (7, 9));
        let lunch_key = SRC.find("lunch").unwrap();
        assert_eq!(doc.path_at(lunch_key), (lunch.to_vec(), true));
        assert_eq!(doc.path_at(lunch_key + 8), (lunch.to_vec(), false));
        assert_eq!(
            doc.table_name(&keypath!["backend", 1, "x"]),
            "[[backend]] \"b\""
        );
        assert_eq!(doc.where_is(&keypath!["theme"]), "at the top level");
        assert_eq!(
            field_name(&keypath!["backend", 0, "inspector", "password"]),
            "inspector.password"
        );
    }

    #[test]
    fn columns_count_characters() {
        let doc = Doc::new("name = \"上海\" # x\n", Path::new("c.toml"));
        assert_eq!(doc.line_col("name = \"上海\" ".len()), (1, 13));
        assert_eq!(doc.line_col(10_000), (2, 1));
    }
}
