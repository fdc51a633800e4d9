//! How the CLI prints a report: the `--format` and `--color` choices and the terminal stream.
//! The formats themselves are the core's renderers (`mesoslint_core::render`), shared with the
//! WebAssembly package and its Node CLI.

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream, WriteColor};
use mesoslint_core::{render, FileSet, Report};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    /// A Markdown report (counts, a table per host and rule, the findings): the Action's job
    /// summary
    Markdown,
}

impl Format {
    /// The core's renderer for this format.
    pub fn renderer(self) -> render::Format {
        match self {
            Format::Human => render::Format::Human,
            Format::Concise => render::Format::Concise,
            Format::Json => render::Format::Json,
            Format::Sarif => render::Format::Sarif,
            Format::Github => render::Format::Github,
            Format::Markdown => render::Format::Markdown,
        }
    }
}

/// The human report, through a colour-capable writer.
pub fn write_human(
    out: &mut dyn WriteColor,
    files: &FileSet,
    report: &Report,
) -> std::io::Result<()> {
    render::write_report_styled(out, &render::TermConfig::default(), files, report)
}

/// Where colour is decided: `--color`, then `NO_COLOR`, then `FORCE_COLOR`, then whether
/// standard output is a terminal.
pub fn color_choice(flag: ColorFlag, is_terminal: bool) -> ColorChoice {
    let env_set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match flag {
        ColorFlag::Always => ColorChoice::Always,
        ColorFlag::Never => ColorChoice::Never,
        ColorFlag::Auto => {
            if env_set("NO_COLOR") {
                ColorChoice::Never
            } else if env_set("FORCE_COLOR")
                && std::env::var("FORCE_COLOR").map_or(true, |v| v != "0" && v != "false")
            {
                ColorChoice::Always
            } else if is_terminal {
                ColorChoice::Auto
            } else {
                ColorChoice::Never
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorFlag {
    Auto,
    Always,
    Never,
}

/// A stdout stream with the chosen colours.
pub fn stdout(choice: ColorChoice) -> StandardStream {
    StandardStream::stdout(choice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;
    use codespan_reporting::term::termcolor::{Ansi, NoColor};

    fn report() -> (FileSet, Report) {
        let mut files = FileSet::new();
        let a = files.add_text("m1/etc/mesos-master/quorum", "1\n");
        let meta = mesoslint_core::registry::find("IN006").unwrap().meta();
        let d = mesoslint_core::Diagnostic::new(meta, "a finding")
            .primary(mesoslint_core::Span::new(a, 0..1), "here");
        let report = Report {
            diagnostics: vec![d],
            hosts: vec!["m1".into()],
            ..Report::default()
        };
        (files, report)
    }

    #[test]
    fn human_without_colour_is_the_core_plain_report() {
        let (files, report) = report();
        let mut out = NoColor::new(Vec::new());
        write_human(&mut out, &files, &report).unwrap();
        assert_eq!(
            String::from_utf8(out.into_inner()).unwrap(),
            render::render_report(&files, &report)
        );
    }

    #[test]
    fn human_in_colour_has_a_bold_summary() {
        let (files, report) = report();
        let mut out = Ansi::new(Vec::new());
        write_human(&mut out, &files, &report).unwrap();
        let text = String::from_utf8(out.into_inner()).unwrap();
        assert!(
            text.ends_with("\x1b[0m\x1b[1m1 error in 1 host running no daemon\x1b[0m\n"),
            "{text:?}"
        );
    }

    #[test]
    fn every_format_has_a_renderer_of_the_same_name() {
        for f in Format::value_variants() {
            let name = f.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(f.renderer().name(), name);
        }
        assert_eq!(Format::value_variants().len(), render::Format::ALL.len());
    }
}
