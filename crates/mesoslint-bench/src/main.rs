//! `mesoslint-bench generate DIR --hosts N [--faults]` writes a cluster tree.
//! `mesoslint-bench run [--quick]` measures mesoslint against the physical floor (see run.rs).
//! `mesoslint-bench scale` doubles each input from 1,000 and prints the ratio per doubling.

mod generate;
mod run;
mod scale;

use std::path::PathBuf;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!(
        "usage: mesoslint-bench generate DIR --hosts N [--faults]\n       \
         mesoslint-bench run [--quick] [--reps N] [--sizes 100,1000,10000] [--work DIR]\n       \
         \x20                   [--mesoslint PATH] [--markdown FILE] [--wasm-package DIR]\n       \
         mesoslint-bench scale [--max 64000] [--max-hosts 16000] [--reps N] [--only KIND]\n       \
         \x20                     [--mesoslint PATH] [--work DIR]"
    );
    ExitCode::from(2)
}

fn run_command(args: &[String]) -> ExitCode {
    let mut opts = run::Options {
        sizes: vec![100, 1000, 10000],
        reps: 5,
        work: std::env::temp_dir().join("mesoslint-bench"),
        mesoslint: run::sibling_mesoslint(),
        markdown: None,
        wasm_package: run::repo_root().join("crates/mesoslint-wasm/npm"),
        repo: run::repo_root(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => {
                opts.sizes = vec![100, 1000];
                opts.reps = 3;
            }
            "--reps" => match it.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => opts.reps = n,
                _ => return usage(),
            },
            "--sizes" => {
                let sizes: Option<Vec<usize>> = it
                    .next()
                    .map(|s| s.split(',').map(|n| n.trim().parse().ok()).collect())
                    .unwrap_or(None);
                match sizes {
                    Some(s) if !s.is_empty() && s.iter().all(|&n| n > 0) => opts.sizes = s,
                    _ => return usage(),
                }
            }
            "--work" => match it.next() {
                Some(d) => opts.work = PathBuf::from(d),
                None => return usage(),
            },
            "--mesoslint" => match it.next() {
                Some(d) => opts.mesoslint = PathBuf::from(d),
                None => return usage(),
            },
            "--markdown" => match it.next() {
                Some(d) => opts.markdown = Some(PathBuf::from(d)),
                None => return usage(),
            },
            "--wasm-package" => match it.next() {
                Some(d) => opts.wasm_package = PathBuf::from(d),
                None => return usage(),
            },
            _ => return usage(),
        }
    }
    match run::run(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mesoslint-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn scale_command(args: &[String]) -> ExitCode {
    let mut opts = scale::Options {
        mesoslint: run::sibling_mesoslint(),
        work: std::env::temp_dir().join("mesoslint-bench-scale"),
        from: 1000,
        max: 64000,
        max_hosts: 16000,
        reps: 3,
        only: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = it.next();
        let number = value
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n > 0);
        match (a.as_str(), number) {
            ("--max", Some(n)) => opts.max = n,
            ("--max-hosts", Some(n)) => opts.max_hosts = n,
            ("--from", Some(n)) => opts.from = n,
            ("--reps", Some(n)) => opts.reps = n,
            ("--only", _) if value.is_some() => opts.only = value.cloned(),
            ("--mesoslint", _) if value.is_some() => opts.mesoslint = PathBuf::from(value.unwrap()),
            ("--work", _) if value.is_some() => opts.work = PathBuf::from(value.unwrap()),
            _ => return usage(),
        }
    }
    match scale::scale(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mesoslint-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run_command(&args[1..]),
        Some("scale") => scale_command(&args[1..]),
        Some("floor") => match args.get(1) {
            // The physical floor alone, for profiling: walk and read every byte on all cores.
            Some(dir) => {
                let t = std::time::Instant::now();
                let (files, bytes) = run::floor(std::path::Path::new(dir));
                println!("{files} files, {bytes} bytes in {:?}", t.elapsed());
                ExitCode::SUCCESS
            }
            None => usage(),
        },
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
