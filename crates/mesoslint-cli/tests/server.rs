//! `mesoslint server` as an editor sees it: a client speaking LSP with Content-Length framing
//! over the child's standard input and output, on a copy of examples/broken-cluster.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

mod common;
use common::{copy_dir, example, BIN};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(root: &Path) -> Client {
        let mut child = Command::new(BIN)
            .arg("server")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn mesoslint server");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            while let Some(m) = read_message(&mut stdout) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its response; notifications that come first are kept.
    fn request(&mut self, method: &str, params: Value, seen: &mut Vec<Value>) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.next();
            if m["id"] == id {
                return m;
            }
            seen.push(m);
        }
    }

    fn next(&self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers within 60 s")
    }

    /// Wait for publishDiagnostics for `uri` that satisfies `pred`.
    fn diagnostics_for(
        &self,
        uri: &str,
        seen: &mut Vec<Value>,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        for m in seen.drain(..) {
            if m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && pred(&m["params"]["diagnostics"])
            {
                return m["params"]["diagnostics"].clone();
            }
        }
        loop {
            let m = self.next();
            if m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && pred(&m["params"]["diagnostics"])
            {
                return m["params"]["diagnostics"].clone();
            }
        }
    }
}

fn has_code(diags: &Value, code: &str) -> bool {
    diags.as_array().unwrap().iter().any(|d| d["code"] == code)
}

#[test]
fn initialize_did_open_publishes_and_edits_relint() {
    let tmp = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(tmp.path()).unwrap();
    copy_dir(&example("broken-cluster"), &root);
    let root_uri = format!("file://{}", root.display());
    let myid = format!("{root_uri}/master3/etc/zookeeper/conf/myid");

    let mut c = Client::start(&root);
    let mut seen = Vec::new();
    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": root_uri, "capabilities": {}}),
        &mut seen,
    );
    assert_eq!(
        init["result"]["capabilities"]["hoverProvider"], true,
        "{init}"
    );
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": myid, "languageId": "plaintext", "version": 1, "text": "2\n"}}),
    );
    let diags = c.diagnostics_for(&myid, &mut seen, |d| has_code(d, "ZK008"));
    let zk008 = diags
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "ZK008")
        .unwrap();
    assert_eq!(zk008["range"]["start"], json!({"line": 0, "character": 0}));
    assert!(
        !zk008["relatedInformation"].as_array().unwrap().is_empty(),
        "{zk008}"
    );

    // A cross-host finding shows on each master it names.
    let quorum = c.diagnostics_for(
        &format!("{root_uri}/master1/etc/mesos/zk"),
        &mut seen,
        |d| has_code(d, "MM001"),
    );
    assert!(has_code(&quorum, "MM001"));

    // The fix as a code action, and hover on a flag.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": myid}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "context": {"diagnostics": []}}),
        &mut seen,
    );
    let text = actions["result"].to_string();
    assert!(text.contains("ZK008: write `3`"), "{text}");
    assert!(text.contains("\"newText\":\"3\""), "{text}");
    let registry = format!("{root_uri}/master2/etc/mesos-master/registry");
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": registry}, "position": {"line": 0, "character": 2}}),
        &mut seen,
    );
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        value.contains("--registry") && value.contains("in_memory"),
        "{hover}"
    );

    // The unsaved buffer is linted: the fixed myid clears ZK008.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": myid, "version": 2}, "contentChanges": [{"text": "3\n"}]}),
    );
    c.diagnostics_for(&myid, &mut seen, |d| !has_code(d, "ZK008"));

    c.request("shutdown", Value::Null, &mut seen);
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert!(status.success());
}
