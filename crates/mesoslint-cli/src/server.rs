//! `mesoslint server`: a language server over standard input and output.
//!
//! The workspace root (from `initialize`) is linted as one tree, with the unsaved contents of
//! the open documents in place of the files on disk, so cross-host findings are right while
//! editing. A finding is published on its primary file and on every other file it labels (a
//! quorum finding shows on each master's file), with related information pointing at the other
//! places. Code actions apply a finding's fix (every file it touches, new files included) or add
//! an inline suppression with a reason where the file has comments. Hover on a flag shows its
//! documentation and the value the daemon ends up with.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types as lsp;
use mesoslint_core::model::{Cluster, FlagDef};
use mesoslint_core::{Diagnostic, FileSet, Report, Severity};

use crate::settings::{self, Settings};
use crate::walk;

/// One lint of the workspace, kept for code actions and hover.
struct Snapshot {
    files: FileSet,
    cluster: Cluster,
    report: Report,
}

struct Server {
    root: PathBuf,
    /// Unsaved document contents by path relative to the root.
    open: BTreeMap<String, String>,
    /// Documents that were given diagnostics, to clear those no longer concerned.
    published: BTreeSet<String>,
    snapshot: Option<Snapshot>,
}

/// `file:///a%20b` -> `/a b`.
fn uri_to_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let s = uri.as_str().strip_prefix("file://")?;
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(PathBuf::from(String::from_utf8(out).ok()?))
}

fn path_to_uri(path: &Path) -> Option<lsp::Uri> {
    let mut s = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s.parse().ok()
}

fn position(files: &FileSet, file: mesoslint_core::FileId, offset: u32) -> lsp::Position {
    let p = files.get(file).position(offset as usize);
    lsp::Position::new(p.line as u32 - 1, p.column_utf16 as u32 - 1)
}

fn range(files: &FileSet, span: mesoslint_core::Span) -> lsp::Range {
    lsp::Range::new(
        position(files, span.file, span.start),
        position(files, span.file, span.end),
    )
}

/// Byte offset of an LSP position (UTF-16 columns) in `text`.
fn offset(text: &str, pos: lsp::Position) -> usize {
    let mut line = 0u32;
    let mut start = 0usize;
    if pos.line > 0 {
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line += 1;
                if line == pos.line {
                    start = i + 1;
                    break;
                }
            }
        }
        if line < pos.line {
            return text.len();
        }
    }
    let mut units = 0u32;
    for (i, c) in text[start..].char_indices() {
        if units >= pos.character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    }
}

impl Server {
    fn abs(&self, rel: &str) -> PathBuf {
        walk::absolute(Path::new(rel), &self.root)
    }

    fn rel(&self, uri: &lsp::Uri) -> Option<String> {
        let p = uri_to_path(uri)?;
        let rel = walk::relative(&walk::absolute(&p, &self.root), &self.root);
        (!rel.starts_with("..")).then_some(rel)
    }

    fn lint(&mut self) -> Snapshot {
        let settings = settings::discover(&self.root)
            .and_then(|f| Settings::load(&f, &self.root).ok())
            .unwrap_or_else(|| Settings {
                base: self.root.clone(),
                ..Settings::default()
            });
        let mut files = FileSet::new();
        let excluded = |rel: &str| settings.is_excluded(rel, &self.root);
        let walker = walk::Walker {
            cwd: self.root.clone(),
            max_file_size: 1024 * 1024,
            excluded: &excluded,
        };
        let _ = walker.add_path(&mut files, Path::new("."));
        for (rel, text) in &self.open {
            files.add_text(rel, text);
        }
        mesoslint_core::add_script_files(&mut files);
        let cluster = Cluster::build(&files, &settings.config);
        let mut report = mesoslint_core::lint_cluster(&files, &settings.config, &cluster);
        settings.apply_per_path_ignores(&mut report, &files, &self.root);
        Snapshot {
            files,
            cluster,
            report,
        }
    }

    fn to_lsp(&self, s: &Snapshot, d: &Diagnostic, at: &mesoslint_core::Label) -> lsp::Diagnostic {
        let related = d
            .labels
            .iter()
            .filter(|l| !std::ptr::eq(*l, at))
            .filter_map(|l| {
                Some(lsp::DiagnosticRelatedInformation {
                    location: lsp::Location::new(
                        path_to_uri(&self.abs(s.files.path(l.span.file)))?,
                        range(&s.files, l.span),
                    ),
                    message: l.message.clone(),
                })
            })
            .collect();
        let message = if at.primary {
            d.message.clone()
        } else {
            format!("{} ({})", d.message, at.message)
        };
        lsp::Diagnostic {
            range: range(&s.files, at.span),
            severity: Some(severity(d.severity)),
            code: Some(lsp::NumberOrString::String(d.code.to_string())),
            source: Some("mesoslint".into()),
            message,
            related_information: Some(related),
            ..Default::default()
        }
    }

    /// Lint and publish diagnostics for every file concerned, clearing the others.
    fn publish(&mut self, conn: &Connection) {
        let s = self.lint();
        let mut by_file: BTreeMap<String, Vec<lsp::Diagnostic>> = BTreeMap::new();
        for d in &s.report.diagnostics {
            let mut seen = BTreeSet::new();
            let primary = d.primary_label();
            for l in &d.labels {
                let path = s.files.path(l.span.file).to_string();
                // One entry per file: the primary label in its file, else the first label.
                let is_primary = primary.is_some_and(|p| std::ptr::eq(p, l));
                if is_primary || seen.insert(path.clone()) {
                    seen.insert(path.clone());
                    if !is_primary && primary.is_some_and(|p| p.span.file == l.span.file) {
                        continue;
                    }
                    by_file.entry(path).or_default().push(self.to_lsp(&s, d, l));
                }
            }
        }
        let stale: Vec<String> = self
            .published
            .iter()
            .filter(|p| !by_file.contains_key(*p))
            .cloned()
            .collect();
        for p in stale {
            by_file.insert(p, Vec::new());
        }
        self.published = by_file
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, _)| k.clone())
            .collect();
        for (path, diagnostics) in by_file {
            let Some(uri) = path_to_uri(&self.abs(&path)) else {
                continue;
            };
            let params = lsp::PublishDiagnosticsParams::new(uri, diagnostics, None);
            let _ = conn.sender.send(Message::Notification(Notification::new(
                "textDocument/publishDiagnostics".into(),
                params,
            )));
        }
        self.snapshot = Some(s);
    }

    fn code_actions(&self, p: lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
        let (Some(s), Some(rel)) = (&self.snapshot, self.rel(&p.text_document.uri)) else {
            return Vec::new();
        };
        let Some(file) = s.files.lookup(&rel) else {
            return Vec::new();
        };
        let text = s.files.get(file).text();
        let (from, to) = (offset(text, p.range.start), offset(text, p.range.end));
        let mut out = Vec::new();
        for d in &s.report.diagnostics {
            let Some(l) = d.labels.iter().find(|l| {
                l.span.file == file && (l.span.start as usize) <= to && from <= l.span.end as usize
            }) else {
                continue;
            };
            if let Some(fix) = &d.fix {
                if let Some(edit) = self.fix_edit(s, fix) {
                    let unsafe_note = match fix.applicability {
                        mesoslint_core::diagnostic::Applicability::Safe => "",
                        mesoslint_core::diagnostic::Applicability::Unsafe => " (unsafe)",
                    };
                    out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                        title: format!("{}: {}{unsafe_note}", d.code, fix.description),
                        kind: Some(lsp::CodeActionKind::QUICKFIX),
                        edit: Some(edit),
                        is_preferred: Some(unsafe_note.is_empty()),
                        ..Default::default()
                    }));
                }
            }
            if let Some(edit) = self.suppression(s, d, l) {
                out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: format!("{}: suppress on this line (with a reason)", d.code),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    edit: Some(edit),
                    ..Default::default()
                }));
            }
        }
        out
    }

    fn fix_edit(
        &self,
        s: &Snapshot,
        fix: &mesoslint_core::diagnostic::Fix,
    ) -> Option<lsp::WorkspaceEdit> {
        let mut ops = Vec::new();
        for c in &fix.creates {
            let uri = path_to_uri(&self.abs(&c.path))?;
            ops.push(lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(
                lsp::CreateFile {
                    uri: uri.clone(),
                    options: None,
                    annotation_id: None,
                },
            )));
            ops.push(text_edit(
                uri,
                vec![(lsp::Range::default(), c.contents.clone())],
            ));
        }
        let mut by_file: BTreeMap<mesoslint_core::FileId, Vec<(lsp::Range, String)>> =
            BTreeMap::new();
        for e in &fix.edits {
            by_file
                .entry(e.span.file)
                .or_default()
                .push((range(&s.files, e.span), e.replacement.clone()));
        }
        for (file, edits) in by_file {
            ops.push(text_edit(
                path_to_uri(&self.abs(s.files.path(file)))?,
                edits,
            ));
        }
        Some(lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Operations(ops)),
            ..Default::default()
        })
    }

    /// `# mesoslint: ignore[CODE] reason` above the label's line, in a file with comments.
    fn suppression(
        &self,
        s: &Snapshot,
        d: &Diagnostic,
        l: &mesoslint_core::Label,
    ) -> Option<lsp::WorkspaceEdit> {
        let kind = s
            .cluster
            .hosts
            .iter()
            .flat_map(|h| &h.files)
            .find(|f| f.id == l.span.file)
            .map(|f| &f.kind)?;
        let chars = mesoslint_core::suppress::comment_chars(kind)?;
        let file = s.files.get(l.span.file);
        let line = file.line_index(l.span.start as usize);
        let start = file.line_start(line);
        let indent: String = file.text()[start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let eol = if file.text().contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let comment = chars.first().copied().unwrap_or('#');
        let insert = format!(
            "{indent}{comment} mesoslint: ignore[{}] reason: explain why this is acceptable{eol}",
            d.code
        );
        let at = lsp::Position::new(line as u32, 0);
        let uri = path_to_uri(&self.abs(file.path()))?;
        Some(lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Operations(vec![text_edit(
                uri,
                vec![(lsp::Range::new(at, at), insert)],
            )])),
            ..Default::default()
        })
    }

    fn hover(&self, p: lsp::HoverParams) -> Option<lsp::Hover> {
        let s = self.snapshot.as_ref()?;
        let rel = self.rel(&p.text_document_position_params.text_document.uri)?;
        let file = s.files.lookup(&rel)?;
        let at = offset(
            s.files.get(file).text(),
            p.text_document_position_params.position,
        ) as u32;
        for host in &s.cluster.hosts {
            let daemons = [
                (
                    host.master.as_deref(),
                    "mesos-master",
                    mesoslint_core::parse::flags::MASTER_FLAGS,
                ),
                (
                    host.agent.as_ref(),
                    "mesos-agent",
                    mesoslint_core::parse::flags::AGENT_FLAGS,
                ),
            ];
            for (daemon, prog, catalogue) in daemons {
                let Some(m) = daemon else { continue };
                let hit = |d: &&FlagDef| {
                    [d.source.span, d.value_span]
                        .iter()
                        .flatten()
                        .any(|sp| sp.file == file && sp.start <= at && at <= sp.end)
                        || (d.source.file == Some(file) && d.source.span.is_none())
                };
                let Some(def) = m.flags.args.iter().chain(&m.flags.env).find(hit) else {
                    continue;
                };
                let name: &str = &def.canonical;
                let info = catalogue.iter().find(|f| f.name == name);
                let effective = m.flags.get(name);
                let mut text = format!("**{prog} --{name}**\n\n");
                if let Some(i) = info {
                    text.push_str(i.help);
                    text.push_str("\n\n");
                    if let Some(dflt) = i.default {
                        text.push_str(&format!("Default: `{dflt}`\n\n"));
                    }
                }
                match effective {
                    Some(e) => text.push_str(&format!(
                        "Effective on {}: `{}` ({})\n",
                        host.name,
                        e.known_value().unwrap_or("unknown"),
                        e.origin(&s.files)
                    )),
                    None => text.push_str("Not set on this host\n"),
                }
                return Some(lsp::Hover {
                    contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                        kind: lsp::MarkupKind::Markdown,
                        value: text,
                    }),
                    range: None,
                });
            }
        }
        None
    }
}

fn text_edit(uri: lsp::Uri, edits: Vec<(lsp::Range, String)>) -> lsp::DocumentChangeOperation {
    lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
        text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version: None },
        edits: edits
            .into_iter()
            .map(|(range, new_text)| lsp::OneOf::Left(lsp::TextEdit { range, new_text }))
            .collect(),
    })
}

fn root_of(params: &serde_json::Value, cwd: &Path) -> PathBuf {
    let uri = params["workspaceFolders"][0]["uri"]
        .as_str()
        .or_else(|| params["rootUri"].as_str())
        .and_then(|u| u.parse::<lsp::Uri>().ok());
    uri.and_then(|u| uri_to_path(&u))
        .or_else(|| params["rootPath"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| cwd.to_path_buf())
}

/// Serve until `exit`. Returns an error message when the protocol breaks.
pub fn run(cwd: &Path) -> Result<(), String> {
    let (conn, threads) = Connection::stdio();
    let caps = lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Kind(
            lsp::TextDocumentSyncKind::FULL,
        )),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Simple(true)),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        ..Default::default()
    };
    let caps = serde_json::to_value(caps).map_err(|e| e.to_string())?;
    let params = conn.initialize(caps).map_err(|e| e.to_string())?;
    let root = root_of(&params, cwd);
    let mut server = Server {
        root: std::fs::canonicalize(&root).unwrap_or(root),
        open: BTreeMap::new(),
        published: BTreeSet::new(),
        snapshot: None,
    };
    server.publish(&conn);
    for msg in &conn.receiver {
        match msg {
            Message::Request(req) => {
                if conn.handle_shutdown(&req).map_err(|e| e.to_string())? {
                    break;
                }
                let resp = handle_request(&server, req);
                let _ = conn.sender.send(Message::Response(resp));
            }
            Message::Notification(n) => {
                if handle_notification(&mut server, n) {
                    server.publish(&conn);
                }
            }
            Message::Response(_) => {}
        }
    }
    drop(conn);
    threads.join().map_err(|e| e.to_string())
}

fn handle_request(server: &Server, req: Request) -> Response {
    let id = req.id.clone();
    match req.method.as_str() {
        "textDocument/codeAction" => match serde_json::from_value(req.params) {
            Ok(p) => Response::new_ok(id, server.code_actions(p)),
            Err(e) => Response::new_err(id, -32602, e.to_string()),
        },
        "textDocument/hover" => match serde_json::from_value(req.params) {
            Ok(p) => Response::new_ok(id, server.hover(p)),
            Err(e) => Response::new_err(id, -32602, e.to_string()),
        },
        other => Response::new_err(id, -32601, format!("unsupported request {other}")),
    }
}

/// Returns whether the tree must be linted again.
fn handle_notification(server: &mut Server, n: Notification) -> bool {
    match n.method.as_str() {
        "textDocument/didOpen" => {
            let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params) else {
                return false;
            };
            match server.rel(&p.text_document.uri) {
                Some(rel) => {
                    server.open.insert(rel, p.text_document.text);
                    true
                }
                None => false,
            }
        }
        "textDocument/didChange" => {
            let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params) else {
                return false;
            };
            match (
                server.rel(&p.text_document.uri),
                p.content_changes.into_iter().last(),
            ) {
                (Some(rel), Some(change)) => {
                    server.open.insert(rel, change.text);
                    true
                }
                _ => false,
            }
        }
        "textDocument/didClose" => {
            let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params) else {
                return false;
            };
            server
                .rel(&p.text_document.uri)
                .is_some_and(|rel| server.open.remove(&rel).is_some())
        }
        "textDocument/didSave" | "workspace/didChangeWatchedFiles" => true,
        _ => false,
    }
}
