//! `mesoslint`: lint Apache Mesos, ZooKeeper and Marathon configuration trees.
//!
//! Exit codes: 0 when no finding is at or above the failure level, 1 when one is, 2 for usage
//! errors, missing paths and invalid configuration files.

#![forbid(unsafe_code)]

mod baseline;
mod docs;
mod fixes;
mod output;
mod server;
mod settings;
mod walk;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::NoColor;
use mesoslint_core::{render, FileSet, InputProblem, Report};

use mesoslint_core::settings::NoHosts;
use output::{ColorFlag, Format};
use settings::{FailLevel, Settings};

/// mimalloc instead of the system allocator: the engine makes many small allocations on two
/// threads, and glibc's arenas spend much time in `malloc`/`free` and grow with `mprotect`
/// (see docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_OK: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_USAGE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "mesoslint",
    version,
    about = "Lint Apache Mesos, ZooKeeper and Marathon configuration trees",
    long_about = "Lint Apache Mesos, ZooKeeper and Marathon configuration trees.\n\n\
        Exit codes: 0 nothing at or above the failure level, 1 findings at or above it, \
        2 usage error, missing path or invalid configuration file.",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    lint: LintArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Lint paths (what `mesoslint PATH...` does; use it for a directory named like a subcommand)
    Check(LintArgs),
    /// List the rules, and the site policies of mesoslint.toml
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Show a rule's documentation page, or a site policy's text
    Explain {
        /// A rule code (`IN007`) or name (`unused-suppression`), or a policy code (`SITE001`)
        rule: String,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// List the site policies of mesoslint.toml; with --test, run their examples
    Policies {
        /// Run every `[[policy.example]]`: exit 1 when one does not fail or pass as it says
        #[arg(long)]
        test: bool,
        #[arg(long, value_enum, default_value_t = DataFormat::Text)]
        format: DataFormat,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Show the discovered cluster: hosts, roles, addresses, masters, quorum, ZooKeeper voters
    Hosts {
        #[command(flatten)]
        input: InputArgs,
        #[arg(long, value_enum, default_value_t = DataFormat::Text)]
        format: DataFormat,
    },
    /// Show the effective settings and the configuration file they came from
    Config {
        #[command(flatten)]
        input: InputArgs,
        #[arg(long, value_enum, default_value_t = ConfigFormat::Toml)]
        format: ConfigFormat,
    },
    /// Print a shell completion script (e.g. `mesoslint completions bash > /etc/bash_completion.d/mesoslint`)
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; `mesoslint man | man -l -`)
    Man,
    /// Run the language server (LSP over standard input and output) for editors
    Server {
        /// Talk over standard input and output (the only transport; editors' clients pass it)
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum DataFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ConfigFormat {
    Toml,
    Json,
}

/// Which configuration file a command without paths reads.
#[derive(Args, Debug, Clone)]
struct ConfigArgs {
    /// Configuration file (default: the nearest mesoslint.toml from the current directory up
    /// to the repository root)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Do not read any configuration file
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
}

#[derive(Args, Debug, Clone)]
struct InputArgs {
    /// Files or directories to lint (default: the current directory). `-` reads standard
    /// input, which needs --stdin-path.
    paths: Vec<PathBuf>,
    /// Configuration file (default: the nearest mesoslint.toml from the linted path up to the
    /// repository root)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Do not read any configuration file
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// Files larger than this many bytes are not read (reported as IN003)
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024)]
    max_file_size: u64,
    /// Lint standard input as if it were the file at PATH (give `-` as the path)
    #[arg(long, value_name = "PATH")]
    stdin_path: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
struct LintArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format (default: human; under GITHUB_ACTIONS=true human plus annotations)
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the output to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Exit with 1 when a finding is at or above this severity [default: error, or
    /// `fail-level` in mesoslint.toml]
    #[arg(long, value_parser = fail_level_parser())]
    fail_level: Option<FailLevel>,
    /// What a run that reads no host is: the level of IN011 no-hosts-read [default: error, or
    /// `no-hosts` in mesoslint.toml]
    #[arg(long, value_name = "LEVEL", value_parser = no_hosts_parser())]
    no_hosts: Option<NoHosts>,
    /// Run only these rules (codes, names or prefixes; replaces `select` of mesoslint.toml)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,
    /// Do not run these rules (added to `ignore` of mesoslint.toml)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Releases to check for, such as `mesos=1.9.0,marathon=1.6.322,zookeeper=3.4.14`
    /// (repeatable; beats `[target]` of mesoslint.toml and the versions the tree pins)
    #[arg(long, value_name = "DAEMON=VERSION")]
    target: Vec<String>,
    /// When to use colour (NO_COLOR and FORCE_COLOR are honoured under `auto`)
    #[arg(long, value_enum, default_value_t = ColorFlag::Auto)]
    color: ColorFlag,
    /// Apply the safe fixes in place (every file and host they touch), then report what is left
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff: apply the unsafe fixes too
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the unified diff of what --fix would change and change nothing; exit 1 when
    /// there is something to fix
    #[arg(long)]
    diff: bool,
    /// Report and fail only on findings not recorded in this baseline file
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (then exit 0)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "fix", "diff"])]
    update_baseline: Option<PathBuf>,
}

/// A usage or configuration error: printed through miette, exit code 2.
/// `--no-hosts`: the core's levels, listed in `--help` and completions.
fn no_hosts_parser() -> impl clap::builder::TypedValueParser<Value = NoHosts> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(NoHosts::NAMES)
        .map(|s| s.parse::<NoHosts>().unwrap_or(NoHosts::Error))
}

/// `--fail-level`: the core's levels, listed in `--help` and completions.
fn fail_level_parser() -> impl clap::builder::TypedValueParser<Value = FailLevel> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(FailLevel::NAMES).map(|s| {
        s.parse::<FailLevel>()
            .expect("PossibleValuesParser admits only the names")
    })
}

fn fail(diag: Box<dyn miette::Diagnostic + Send + Sync>) -> ExitCode {
    eprintln!("{:?}", miette::Report::new_boxed(diag));
    ExitCode::from(EXIT_USAGE)
}

fn fail_msg(msg: impl Into<String>) -> ExitCode {
    fail(Box::new(miette::MietteDiagnostic::new(msg.into())))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { EXIT_OK });
        }
    };
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => return fail_msg(format!("cannot determine the current directory: {e}")),
    };
    match cli.command {
        None => run_lint(&cli.lint, &cwd),
        Some(Command::Check(args)) => run_lint(&args, &cwd),
        Some(Command::Rules { format, config }) => {
            let settings = match load_config(&config, &cwd) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let policies = &settings.file_settings.policies;
            let text = match format {
                RulesFormat::Table => docs::rules_table(policies),
                RulesFormat::Json => docs::rules_json(policies),
                // docs/rules.md documents the built-in rules only.
                RulesFormat::Markdown => docs::rules_markdown(),
            };
            print_or_fail(&text)
        }
        Some(Command::Policies {
            test,
            format,
            config,
        }) => run_policies(&config, test, format, &cwd),
        Some(Command::Explain { rule, config }) => match mesoslint_core::registry::find(&rule) {
            Some(r) => print_or_fail(&docs::explain(r.meta())),
            None => {
                let settings = match load_config(&config, &cwd) {
                    Ok(s) => s,
                    Err(code) => return code,
                };
                if let Some(p) = settings.file_settings.policy(&rule) {
                    return print_or_fail(&p.documentation());
                }
                let names = mesoslint_core::registry::rules()
                    .iter()
                    .flat_map(|r| [r.meta().code, r.meta().name])
                    .chain(settings.file_settings.policies.iter().map(|p| p.code));
                let hint = mesoslint_core::parse::did_you_mean(&rule, names)
                    .map(|m| format!(" (did you mean `{m}`?)"))
                    .unwrap_or_default();
                fail_msg(format!(
                    "no rule `{rule}`{hint}; `mesoslint rules` lists them"
                ))
            }
        },
        Some(Command::Hosts { input, format }) => run_hosts(&input, format, &cwd),
        Some(Command::Config { input, format }) => run_config(&input, format, &cwd),
        Some(Command::Completions { shell }) => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "mesoslint", &mut buf);
            print_or_fail(&String::from_utf8_lossy(&buf))
        }
        Some(Command::Server { .. }) => match server::run(&cwd) {
            Ok(()) => ExitCode::from(EXIT_OK),
            Err(e) => fail_msg(format!("language server: {e}")),
        },
        Some(Command::Man) => match man_page() {
            Ok(text) => print_or_fail(&text),
            Err(e) => fail_msg(format!("cannot render the manual page: {e}")),
        },
    }
}

/// The manual page, generated from the command-line definition: `mesoslint(1)` with the
/// options, the subcommands (each with its own options) and the exit codes.
fn man_page() -> std::io::Result<String> {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    man.render_subcommands_section(&mut buf)?;
    // Each subcommand's own options, which the overview above does not list.
    for sub in cmd.get_subcommands() {
        // `check` takes the options above; `man` and `help` have none worth a section.
        if matches!(sub.get_name(), "check" | "help")
            || sub
                .get_arguments()
                .all(|a| a.is_hide_set() || a.get_id() == "help")
        {
            continue;
        }
        let name = sub.get_name().to_string();
        let sub = sub.clone().bin_name(format!("mesoslint {name}"));
        let sub_man = clap_mangen::Man::new(sub);
        let mut section = Vec::new();
        sub_man.render_synopsis_section(&mut section)?;
        sub_man.render_options_section(&mut section)?;
        let text = String::from_utf8_lossy(&section)
            .replace(".SH SYNOPSIS", &format!(".SH \"mesoslint {name}\""))
            .replace(".SH OPTIONS\n", "");
        buf.extend_from_slice(text.as_bytes());
    }
    let exit = "\
.SH \"EXIT STATUS\"
.TP
\\fB0\\fR
No finding at or above the failure level (\\fB\\-\\-fail\\-level\\fR, default error).
.TP
\\fB1\\fR
At least one finding at or above the failure level.
.TP
\\fB2\\fR
Usage error, a path that does not exist, an invalid configuration file, an unknown rule, or
output that cannot be written.
.SH ENVIRONMENT
.TP
\\fBGITHUB_ACTIONS\\fR
When \\fBtrue\\fR and no \\fB\\-\\-format\\fR is given, the human output is followed by GitHub
annotations.
.TP
\\fBNO_COLOR\\fR, \\fBFORCE_COLOR\\fR
Turn colour off or on under \\fB\\-\\-color auto\\fR.
.SH FILES
.TP
\\fBmesoslint.toml\\fR, \\fB.mesoslint.toml\\fR
The configuration file, looked for from the linted path up to the repository root.
.SH \"SEE ALSO\"
\\fBmesoslint rules\\fR, \\fBmesoslint explain\\fR \\fICODE\\fR; docs/cli.md and docs/rules.md in the
source repository.
";
    buf.extend_from_slice(exit.as_bytes());
    man.render_version_section(&mut buf)?;
    let mut text = String::from_utf8_lossy(&buf).into_owned();
    // There is one page: name the subcommands as they are typed, not as separate pages.
    // (`help` is added by clap when the command is built.)
    let names = cmd.get_subcommands().map(|s| s.get_name()).chain(["help"]);
    for name in names {
        text = text.replace(
            &format!("mesoslint\\-{name}(1)"),
            &format!("\\fBmesoslint {name}\\fR"),
        );
    }
    Ok(text)
}

fn print_or_fail(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::from(EXIT_OK),
        // A closed pipe (`mesoslint rules | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_OK),
        Err(e) => fail_msg(format!("cannot write output: {e}")),
    }
}

/// The configuration file of a command that reads no tree: `--config`, else the nearest one
/// from the current directory.
fn load_config(args: &ConfigArgs, cwd: &Path) -> Result<Settings, ExitCode> {
    let file = if args.no_config {
        None
    } else {
        args.config.clone().or_else(|| settings::discover(cwd))
    };
    match file {
        Some(f) => Settings::load(&f, cwd).map_err(fail),
        None => Ok(Settings {
            base: cwd.to_path_buf(),
            ..Settings::default()
        }),
    }
}

/// `mesoslint policies [--test]`.
fn run_policies(args: &ConfigArgs, test: bool, format: DataFormat, cwd: &Path) -> ExitCode {
    let settings = match load_config(args, cwd) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let policies = &settings.file_settings.policies;
    if !test {
        return print_or_fail(&match format {
            DataFormat::Text => docs::policies_table(policies),
            DataFormat::Json => docs::rules_json_only_policies(policies),
        });
    }
    let text = settings
        .file
        .as_ref()
        .and_then(|f| std::fs::read_to_string(f).ok());
    let outcomes = mesoslint_core::policy::examples::run_examples(policies, text.as_deref());
    let out = match format {
        DataFormat::Text => mesoslint_core::policy::examples::outcomes_text(&outcomes),
        DataFormat::Json => {
            let mut s = serde_json::to_string_pretty(&outcomes).unwrap_or_else(|_| "[]".into());
            s.push('\n');
            s
        }
    };
    let printed = print_or_fail(&out);
    if printed != ExitCode::from(EXIT_OK) {
        return printed;
    }
    if outcomes.iter().all(|o| o.passed) {
        ExitCode::from(EXIT_OK)
    } else {
        ExitCode::from(EXIT_FINDINGS)
    }
}

/// What a run reads: settings and files.
struct Inputs {
    settings: Settings,
    files: FileSet,
}

fn is_stdin(p: &Path) -> bool {
    p.as_os_str() == "-"
}

fn load_inputs(input: &InputArgs, cwd: &Path) -> Result<Inputs, ExitCode> {
    let stdin_requested = input.paths.iter().any(|p| is_stdin(p));
    if stdin_requested && input.stdin_path.is_none() {
        return Err(fail_msg(
            "reading standard input (`-`) needs --stdin-path PATH to say which file it is",
        ));
    }
    if input.stdin_path.is_some() && input.paths.iter().any(|p| !is_stdin(p)) {
        return Err(fail_msg(
            "--stdin-path lints standard input only: give `-` (or nothing) as the path",
        ));
    }
    let paths: Vec<PathBuf> = if input.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        input.paths.clone()
    };
    if input.stdin_path.is_none() {
        for p in &paths {
            if std::fs::symlink_metadata(walk::absolute(p, cwd)).is_err() {
                return Err(fail_msg(format!("path not found: {}", p.to_string_lossy())));
            }
        }
    }

    // Settings.
    let settings = if input.no_config {
        Settings {
            base: cwd.to_path_buf(),
            ..Settings::default()
        }
    } else {
        let file = match &input.config {
            Some(f) => Some(f.clone()),
            None => {
                let start = match &input.stdin_path {
                    Some(p) => walk::absolute(p, cwd),
                    None => walk::absolute(&paths[0], cwd),
                };
                let start = if start.is_dir() {
                    start
                } else {
                    start.parent().map(Path::to_path_buf).unwrap_or(start)
                };
                settings::discover(&start)
            }
        };
        match file {
            Some(f) => Settings::load(&f, cwd).map_err(fail)?,
            None => Settings {
                base: cwd.to_path_buf(),
                ..Settings::default()
            },
        }
    };

    // Files.
    let mut files = FileSet::new();
    if let Some(stdin_path) = &input.stdin_path {
        let rel = walk::relative(&walk::absolute(stdin_path, cwd), cwd);
        match walk::read_stdin(input.max_file_size) {
            Ok(Ok(bytes)) => {
                files.add(&rel, &bytes);
            }
            Ok(Err(size)) => {
                files.add_problem(
                    &rel,
                    InputProblem::TooLarge {
                        size,
                        limit: input.max_file_size,
                    },
                );
            }
            Err(e) => {
                files.add_problem(
                    &rel,
                    InputProblem::Unreadable {
                        reason: walk::io_reason(&e),
                    },
                );
            }
        }
    } else {
        let excluded = |rel: &str| settings.is_excluded(rel, cwd);
        let walker = walk::Walker {
            cwd: cwd.to_path_buf(),
            max_file_size: input.max_file_size,
            excluded: &excluded,
        };
        for p in &paths {
            if let Err(e) = walker.add_path(&mut files, p) {
                return Err(fail_msg(format!(
                    "cannot read {}: {}",
                    p.to_string_lossy(),
                    walk::io_reason(&e)
                )));
            }
        }
    }
    // what provisioning scripts write is read as the files they create
    mesoslint_core::add_script_files(&mut files);
    Ok(Inputs { settings, files })
}

fn run_lint(args: &LintArgs, cwd: &Path) -> ExitCode {
    let Inputs {
        mut settings,
        mut files,
    } = match load_inputs(&args.input, cwd) {
        Ok(i) => i,
        Err(code) => return code,
    };
    if args.unsafe_fixes && !(args.fix || args.diff) {
        return fail_msg("--unsafe-fixes goes with --fix or --diff");
    }
    if (args.fix || args.diff) && args.input.stdin_path.is_some() {
        return fail_msg("--fix and --diff change files of a tree, not standard input");
    }
    for s in args.select.iter().chain(&args.ignore) {
        if !settings.file_settings.selector_is_known(s) {
            return fail_msg(format!(
                "--select/--ignore names no rule: `{s}`; `mesoslint rules` lists them"
            ));
        }
    }
    if !args.select.is_empty() {
        settings.config.select = args.select.clone();
    }
    settings.config.ignore.extend(args.ignore.iter().cloned());
    if let Err(e) = mesoslint_core::settings::target::parse_targets(
        args.target.iter().map(String::as_str),
        &mut settings.config.target_flag,
    ) {
        return fail_msg(e);
    }
    if let Some(n) = args.no_hosts {
        n.apply(&mut settings.config);
    }
    let fail_level = args.fail_level.or(settings.fail_level).unwrap_or_default();

    if args.fix || args.diff {
        let options = mesoslint_core::fix::FixOptions {
            unsafe_fixes: args.unsafe_fixes,
            protected: fixes::masked_paths(&files, cwd),
            ..Default::default()
        };
        let fixed =
            mesoslint_core::fix::fix_tree(&files, &settings.config, &options, &mut |f, r| {
                settings.apply_per_path_ignores(r, f, cwd)
            });
        if !fixed.skipped_protected.is_empty() {
            eprintln!(
                "{} fix(es) not applied: they touch files holding masked credentials",
                fixed.skipped_protected.len()
            );
        }
        if args.diff {
            let text = fixes::diff(&fixed);
            let code = print_or_fail(&text);
            if code != ExitCode::from(EXIT_OK) {
                return code;
            }
            eprintln!(
                "{} fix(es) would change {} file(s)",
                fixed.applied,
                fixed.changes.len()
            );
            return ExitCode::from(if fixed.changes.is_empty() {
                EXIT_OK
            } else {
                EXIT_FINDINGS
            });
        }
        let paths: Vec<PathBuf> = if args.input.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.input.paths.clone()
        };
        let (written, problems) = fixes::write_all(&fixed, cwd, &fixes::Roots::new(&paths, cwd));
        for p in &problems {
            eprintln!("{p}");
        }
        eprintln!(
            "applied {} fix(es) in {} file(s)",
            if problems.is_empty() {
                fixed.applied
            } else {
                fixed.applied.min(written.len())
            },
            written.len()
        );
        // Report on the tree as it now is on disk.
        files = match load_inputs(&args.input, cwd) {
            Ok(i) => i.files,
            Err(code) => return code,
        };
    }

    let cluster = mesoslint_core::model::Cluster::build(&files, &settings.config);
    let mut report: Report = settings
        .file_settings
        .lint(&files, &settings.config, &cluster);
    settings.apply_per_path_ignores(&mut report, &files, cwd);

    if let Some(path) = &args.update_baseline {
        let text = baseline::render(&baseline::fingerprints(&report, &files, &cluster));
        return match std::fs::write(walk::absolute(path, cwd), text) {
            Ok(()) => {
                eprintln!(
                    "recorded {} finding(s) in {}",
                    report.diagnostics.len(),
                    path.to_string_lossy()
                );
                ExitCode::from(EXIT_OK)
            }
            Err(e) => fail_msg(format!("cannot write {}: {e}", path.to_string_lossy())),
        };
    }
    if let Some(path) = &args.baseline {
        let known = match baseline::load(&walk::absolute(path, cwd)) {
            Ok(b) => b,
            Err(e) => return fail_msg(format!("baseline {}: {e}", path.to_string_lossy())),
        };
        let outcome = baseline::filter(&mut report, &files, &cluster, &known);
        eprintln!(
            "baseline: {} finding(s) baselined, {} baseline entr{} gone",
            outcome.baselined,
            outcome.gone,
            if outcome.gone == 1 { "y" } else { "ies" }
        );
    }
    let findings = report.findings(&files);

    let github_actions = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    let format = args.format.unwrap_or(Format::Human);
    let annotations_too = args.format.is_none() && github_actions;

    let text_output = |format: Format| -> Option<String> {
        match format {
            Format::Human => None,
            other => Some(render::render_findings(
                other.renderer(),
                &files,
                &report,
                &findings,
            )),
        }
    };

    let write_result: std::io::Result<()> = match &args.output_file {
        Some(path) => {
            let text = match text_output(format) {
                Some(t) => t,
                None => {
                    let mut buf = NoColor::new(Vec::new());
                    match output::write_human(&mut buf, &files, &report) {
                        Ok(()) => String::from_utf8_lossy(&buf.into_inner()).into_owned(),
                        Err(e) => return fail_msg(format!("cannot render findings: {e}")),
                    }
                }
            };
            if annotations_too {
                print_or_fail(&render::github::github(&findings));
            }
            std::fs::write(walk::absolute(path, cwd), text)
        }
        None => {
            let r = match text_output(format) {
                Some(t) => {
                    let mut out = std::io::stdout().lock();
                    out.write_all(t.as_bytes()).and_then(|_| out.flush())
                }
                None => {
                    let choice = output::color_choice(args.color, std::io::stdout().is_terminal());
                    let mut out = output::stdout(choice);
                    let r = output::write_human(&mut out, &files, &report);
                    let _ = out.flush();
                    r
                }
            };
            if annotations_too && r.is_ok() {
                let mut out = std::io::stdout().lock();
                out.write_all(render::github::github(&findings).as_bytes())
                    .and_then(|_| out.flush())
            } else {
                r
            }
        }
    };
    if let Err(e) = write_result {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return fail_msg(format!("cannot write output: {e}"));
        }
    }
    let code = if fail_level.fails(report.max_severity()) {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::from(EXIT_OK)
    };
    // The process ends now: freeing a 10,000-host model piece by piece would only cost time.
    std::mem::forget((files, cluster, report, findings));
    code
}

fn run_hosts(input: &InputArgs, format: DataFormat, cwd: &Path) -> ExitCode {
    let Inputs { settings, files } = match load_inputs(input, cwd) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let cluster = mesoslint_core::model::Cluster::build(&files, &settings.config);
    let summary = cluster.summary_with_sources(&files);
    let text = match format {
        DataFormat::Json => {
            let mut s = serde_json::to_string_pretty(&summary).unwrap_or_else(|_| "{}".into());
            s.push('\n');
            s
        }
        DataFormat::Text => docs::hosts_text(&summary),
    };
    print_or_fail(&text)
}

fn run_config(input: &InputArgs, format: ConfigFormat, cwd: &Path) -> ExitCode {
    let Inputs { settings, .. } = match load_inputs(input, cwd) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let fail_level = settings.fail_level.unwrap_or_default();
    let source = match &settings.file {
        Some(f) => walk::relative(f, cwd),
        None => "none (built-in defaults)".to_string(),
    };
    let text = match format {
        ConfigFormat::Toml => format!(
            "# configuration file: {source}\n{}",
            settings.to_toml(fail_level)
        ),
        ConfigFormat::Json => {
            let toml_text = settings.to_toml(fail_level);
            let value: serde_json::Value = toml::from_str::<toml::Value>(&toml_text)
                .ok()
                .and_then(|v| serde_json::to_value(v).ok())
                .unwrap_or(serde_json::Value::Null);
            let doc = serde_json::json!({
                "file": settings.file.as_ref().map(|f| walk::relative(f, cwd)),
                "settings": value,
            });
            let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
            s.push('\n');
            s
        }
    };
    print_or_fail(&text)
}
