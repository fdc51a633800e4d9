//! Secrets never leave mesoslint: ZooKeeper `user:password@` in URLs, the contents of
//! credential files named by flags (`credential`, `http_credentials`,
//! `mesos_authentication_secret_file`) and Marathon's secret-valued flags are planted in a tree,
//! and every output of the CLI is searched for them.

use std::path::Path;
use std::process::{Command, Stdio};

mod common;
use common::{write, BIN};

/// Every planted secret; none may appear in any output.
const SECRETS: &[&str] = &[
    "ZkPass0001",
    "ZkPass0002",
    "ZkPass0003",
    "CredSecret0004",
    "HttpSecret0005",
    "AgentSecret0006",
    "MaraSecret0007",
    "MaraHttp0008",
    "MaraSecret0009",
    "MaraHttp0010",
    "MaraHttp0011",
    "AgentHttp0012",
];

fn planted() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    // URLs with passwords, in flag files, env files and unit files.
    write(
        r,
        "m1/etc/mesos/zk",
        b"zk://admin:ZkPass0001@m1:2181/mesos\n",
    );
    write(r, "m1/etc/mesos-master/quorum", b"1\n");
    write(
        r,
        "m1/etc/marathon/conf/master",
        b"zk://mara:ZkPass0002@m1:2181,m9:2181/mesos\n",
    );
    write(
        r,
        "m1/etc/default/marathon",
        b"MARATHON_ZK=zk://mara:ZkPass0003@m1:2181/marathon\n\
          export MARATHON_HTTP_CREDENTIALS=admin:MaraHttp0010\n",
    );
    write(
        r,
        "m1/etc/systemd/system/marathon.service",
        b"[Service]\nExecStart=/usr/bin/marathon --http_credentials admin:MaraHttp0011 --master zk://m1:2181/mesos\n",
    );
    // Credential files named by flags, under names that do not look secret. One is binary
    // and one not UTF-8, so findings point into them.
    write(
        r,
        "m1/etc/mesos-master/credentials",
        b"/etc/mesos/auth.json\n",
    );
    write(
        r,
        "m1/etc/mesos/auth.json",
        b"{\"credentials\":[{\"principal\":\"p\",\"secret\":\"CredSecret0004\"}]}\n",
    );
    write(
        r,
        "m1/etc/mesos-master/http_credentials",
        b"/etc/mesos/http.txt\n",
    );
    write(r, "m1/etc/mesos/http.txt", b"admin HttpSecret0005\x00\n");
    write(
        r,
        "a1/etc/mesos/zk",
        b"zk://admin:ZkPass0001@m1:2181/mesos\n",
    );
    write(r, "a1/etc/mesos-slave/work_dir", b"/var/lib/mesos\n");
    write(
        r,
        "a1/etc/mesos-slave/credential",
        b"file:///etc/mesos/agent-auth\n",
    );
    write(
        r,
        "a1/etc/mesos/agent-auth",
        b"agent AgentSecret0006 \xff\n",
    );
    write(
        r,
        "a1/etc/mesos-slave/http_credentials",
        b"/etc/mesos/agent-http\n",
    );
    write(
        r,
        "a1/etc/mesos/agent-http",
        b"{\"credentials\": AgentHttp0012\n",
    );
    write(
        r,
        "m1/etc/marathon/conf/mesos_authentication_secret_file",
        b"/etc/marathon/mesos-pw\n",
    );
    write(r, "m1/etc/marathon/mesos-pw", b"MaraSecret0007\n");
    write(
        r,
        "m1/etc/marathon/conf/http_credentials",
        b"admin:MaraHttp0008\n",
    );
    write(
        r,
        "m1/etc/marathon/conf/mesos_authentication_secret",
        b"MaraSecret0009\n",
    );
    t
}

fn output(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run mesoslint");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    format!("{stdout}\n{stderr}")
}

fn assert_no_secret(what: &str, text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{what} shows the secret {s}:\n{text}");
    }
}

#[test]
fn no_secret_in_any_output_format() {
    let t = planted();
    let mut seen_findings = false;
    for format in ["human", "concise", "json", "sarif", "github"] {
        let text = output(t.path(), &[".", "--format", format]);
        assert_no_secret(&format!("--format {format}"), &text);
        seen_findings |= text.contains("IN006") || text.contains("ZU");
    }
    assert!(seen_findings, "the planted tree should produce findings");
    // Under GitHub Actions the human output carries annotations too.
    let out = Command::new(BIN)
        .args(["."])
        .current_dir(t.path())
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    assert_no_secret(
        "GITHUB_ACTIONS human",
        &String::from_utf8_lossy(&out.stdout),
    );
    // Written to a file.
    let file = t.path().join("out.sarif");
    output(
        t.path(),
        &[".", "--format", "sarif", "-o", file.to_str().unwrap()],
    );
    assert_no_secret("--output-file", &std::fs::read_to_string(&file).unwrap());
    std::fs::remove_file(&file).unwrap();
    // One file through standard input.
    let mut child = Command::new(BIN)
        .args(["-", "--stdin-path", "m1/etc/mesos/zk", "--format", "json"])
        .current_dir(t.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(b"zk://admin:ZkPass0001@m1:2181/mesos\n")
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_no_secret("stdin", &String::from_utf8_lossy(&out.stdout));
}

#[test]
fn no_secret_in_hosts_or_config_subcommands() {
    let t = planted();
    for args in [
        &["hosts", "."][..],
        &["hosts", ".", "--format", "json"],
        &["config", "."],
        &["config", ".", "--format", "json"],
    ] {
        let text = output(t.path(), args);
        assert_no_secret(&format!("{args:?}"), &text);
    }
}

#[test]
fn findings_inside_credential_files_are_withheld() {
    let t = planted();
    let text = output(t.path(), &[".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    for f in v["findings"].as_array().unwrap() {
        for l in f["labels"].as_array().unwrap() {
            let path = l["path"].as_str().unwrap();
            assert!(
                ![
                    "m1/etc/mesos/auth.json",
                    "m1/etc/mesos/http.txt",
                    "a1/etc/mesos/agent-auth",
                    "a1/etc/mesos/agent-http",
                    "m1/etc/marathon/mesos-pw",
                ]
                .contains(&path),
                "a label points into the credential file {path}: {f}"
            );
        }
    }
}
