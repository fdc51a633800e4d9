//! Rules of the `MA` family: the Mesos agent.

use crate::rule::Rule;

mod attributes_resources_syntax;
mod choice_invalid;
mod containerizers_invalid;
mod docker_registration_timeout;
mod isolation_invalid;
mod isolator_prerequisites;
mod master_missing;
mod master_url_conflict;
pub(crate) mod util;
mod value_invalid;
mod value_refused;
mod work_dir_missing;
mod work_dir_noexec;

pub use attributes_resources_syntax::AttributesResourcesSyntax;
pub use choice_invalid::ChoiceInvalid;
pub use containerizers_invalid::ContainerizersInvalid;
pub use docker_registration_timeout::DockerRegistrationTimeout;
pub use isolation_invalid::IsolationInvalid;
pub use isolator_prerequisites::IsolatorPrerequisites;
pub use master_missing::MasterMissing;
pub use master_url_conflict::MasterUrlConflict;
pub use value_invalid::ValueInvalid;
pub use value_refused::ValueRefused;
pub use work_dir_missing::WorkDirMissing;
pub use work_dir_noexec::WorkDirNoexec;

pub(crate) static RULES: &[&dyn Rule] = &[
    &WorkDirMissing,
    &WorkDirNoexec,
    &ContainerizersInvalid,
    &DockerRegistrationTimeout,
    &MasterUrlConflict,
    &MasterMissing,
    &AttributesResourcesSyntax,
    &IsolationInvalid,
    &IsolatorPrerequisites,
    &ChoiceInvalid,
    &ValueInvalid,
    &ValueRefused,
];

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;
    use crate::files::FileSet;

    fn run(code: &str, files: &[(&str, &str)]) -> (FileSet, Vec<Diagnostic>) {
        super::util::lint_one(code, files, None)
    }

    /// Apply a diagnostic's fix to its file's text.
    fn fixed(fs: &FileSet, d: &Diagnostic) -> Option<String> {
        let fix = d.fix.as_ref()?;
        let edit = fix.edits.first()?;
        let text = fs.get(edit.span.file).text();
        let r = edit.span.range();
        Some(format!(
            "{}{}{}",
            &text[..r.start],
            edit.replacement,
            &text[r.end..]
        ))
    }

    #[test]
    fn ma004_fix_writes_five_minutes() {
        let (fs, d) = run(
            "MA004",
            &[
                ("etc/mesos-slave/containerizers", "docker,mesos\n"),
                ("etc/mesos-slave/executor_registration_timeout", "1mins\n"),
            ],
        );
        assert_eq!(d.len(), 1);
        assert_eq!(fixed(&fs, &d[0]).as_deref(), Some("5mins\n"));

        let (fs, d) = run(
            "MA004",
            &[(
                "etc/default/mesos-slave",
                "MESOS_CONTAINERIZERS=docker\nMESOS_EXECUTOR_REGISTRATION_TIMEOUT=\"90secs\"\n",
            )],
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            fixed(&fs, &d[0]).as_deref(),
            Some("MESOS_CONTAINERIZERS=docker\nMESOS_EXECUTOR_REGISTRATION_TIMEOUT=\"5mins\"\n")
        );

        // unset: no file to edit, no fix
        let (_, d) = run("MA004", &[("etc/mesos-slave/containerizers", "docker\n")]);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
        assert!(d[0].help.is_some());
    }

    #[test]
    fn ma003_fixes_are_local_and_disjoint() {
        let (fs, d) = run(
            "MA003",
            &[("etc/mesos-slave/containerizers", "docker, mesos,,docker\n")],
        );
        assert_eq!(d.len(), 3);
        let fixes: Vec<String> = d.iter().filter_map(|x| fixed(&fs, x)).collect();
        assert_eq!(
            fixes,
            [
                "docker,mesos,,docker\n",
                "docker, mesos,docker\n",
                "docker, mesos,\n"
            ]
        );
        let mut ranges: Vec<_> = d
            .iter()
            .filter_map(|x| x.fix.as_ref()?.edits.first().map(|e| e.span.range()))
            .collect();
        crate::sort::sort_by_key(&mut ranges, |r| r.start);
        assert!(ranges.windows(2).all(|w| w[0].end <= w[1].start));

        // leading empty entries: only one of two overlapping removals is offered
        let (_, d) = run("MA003", &[("etc/mesos-slave/containerizers", ",,docker\n")]);
        assert_eq!(d.len(), 2);
        let ranges: Vec<_> = d
            .iter()
            .filter_map(|x| x.fix.as_ref()?.edits.first().map(|e| e.span.range()))
            .collect();
        assert_eq!(ranges.len(), 1);
        assert_eq!(ranges.first(), Some(&(0..1)));
    }

    #[test]
    fn ma008_trim_fix() {
        let (fs, d) = run(
            "MA008",
            &[("etc/mesos-slave/isolation", "cgroups/cpu, cgroups/mem\n")],
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            fixed(&fs, &d[0]).as_deref(),
            Some("cgroups/cpu,cgroups/mem\n")
        );
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let long = "x,".repeat(20_000);
        let weird = [
            "",
            "\n",
            ",",
            ",,,,",
            " ",
            "é,ü/ö,\u{0}",
            "docker,\u{feff}mesos",
            "[",
            "{",
            "]",
            ":;:;",
            "cpus(:1",
            "/tmp/../../..",
            "zk://",
            long.as_str(),
        ];
        for code in [
            "MA001", "MA002", "MA003", "MA004", "MA005", "MA006", "MA007", "MA008",
        ] {
            for v in weird {
                let files = [
                    ("etc/mesos-slave/containerizers", v),
                    ("etc/mesos-slave/isolation", v),
                    ("etc/mesos-slave/work_dir", v),
                    ("etc/mesos-slave/master", v),
                    ("etc/mesos-slave/executor_registration_timeout", v),
                    ("etc/mesos-slave/attributes/é", v),
                    ("etc/mesos-slave/resources/cpus", v),
                    ("etc/mesos-slave/resources", v),
                    ("etc/mesos/zk", v),
                    ("etc/fstab", v),
                    ("etc/default/mesos-slave", v),
                ];
                let _ = run(code, &files);
            }
        }
    }
}
