//! `mesoslint-bench generate DIR --hosts N [--faults]` writes a cluster tree.
//! (The benchmark driver lands with the CLI.)

mod generate;

use std::path::PathBuf;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: mesoslint-bench generate DIR --hosts N [--faults]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("generate") => {
            let mut dir = None;
            let mut hosts = 10usize;
            let mut faults = false;
            let mut it = args[1..].iter();
            while let Some(a) = it.next() {
                match a.as_str() {
                    "--hosts" => match it.next().and_then(|n| n.parse().ok()) {
                        Some(n) => hosts = n,
                        None => return usage(),
                    },
                    "--faults" => faults = true,
                    other if dir.is_none() && !other.starts_with('-') => {
                        dir = Some(PathBuf::from(other))
                    }
                    _ => return usage(),
                }
            }
            let Some(dir) = dir else { return usage() };
            match generate::generate(&dir, &generate::Spec { hosts, faults }) {
                Ok(w) => {
                    println!(
                        "wrote {} hosts ({} masters), {} files, {} bytes to {}",
                        w.hosts,
                        w.masters,
                        w.files,
                        w.bytes,
                        dir.display()
                    );
                    if faults {
                        for (code, what) in generate::FAULTS {
                            println!("  fault {code}: {what}");
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("mesoslint-bench: cannot write {}: {e}", dir.display());
                    ExitCode::FAILURE
                }
            }
        }
        _ => usage(),
    }
}
